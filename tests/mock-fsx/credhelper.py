"""Shared plumbing for the credential endpoints imds.py and container.py.

Each hands out temporary credentials that the FSx stand-in accepts:
fixed defaults built into fsxauth.BUILTIN, or fresh random keys
(--rotate) that it registers with the stand-in (--register URL) before
answering, so the client can use them straight away.
"""

import argparse
import datetime
import json
import os
import random
import signal
import string
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fsxauth  # noqa: E402


def iso(epoch):
	return datetime.datetime.fromtimestamp(
		epoch, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def common_args(p, akid):
	ent = fsxauth.BUILTIN[akid]
	p.add_argument('--host', default='127.0.0.1')
	p.add_argument('--port', type=int, default=0)
	p.add_argument('--port-file')
	p.add_argument('--register', metavar='URL',
		       help='FSx stand-in to register issued keys with')
	p.add_argument('--access-key', default=akid)
	p.add_argument('--secret-key', default=ent['secret'])
	p.add_argument('--session-token', default=ent['token'])
	p.add_argument('--expiration-seconds', type=float, default=6 * 3600,
		       help='Expiration = now + this (negative: already expired)')
	p.add_argument('--rotate', action='store_true',
		       help='fresh random keys on every fetch')
	p.add_argument('--delay', type=float, default=0,
		       help='sleep before every answer (client timeouts)')
	p.add_argument('--verbose', action='store_true')


class Issuer:
	def __init__(self, args):
		self.args = args
		self.count = 0
		self.lock = threading.Lock()
		self.log = []

	def issue(self):
		a = self.args
		with self.lock:
			self.count += 1
			n = self.count
		exp = time.time() + a.expiration_seconds
		if a.rotate:
			rnd = random.SystemRandom()
			akid = 'ASIA' + ''.join(rnd.choice(string.ascii_uppercase +
							   string.digits)
						for _ in range(16))
			secret = ''.join(rnd.choice(string.ascii_letters +
						    string.digits + '/+')
					 for _ in range(40))
			token = 'IQoJb3JpZ2luX2VjE' + ''.join(
				rnd.choice(string.ascii_letters) for _ in range(60))
		else:
			akid, secret, token = (a.access_key, a.secret_key,
					       a.session_token)
		if a.register:
			body = json.dumps({
				'action': 'register-credentials',
				'access_key': akid, 'secret_key': secret,
				'session_token': token, 'expiration': exp}).encode()
			req = urllib.request.Request(
				a.register.rstrip('/') + '/__control', body,
				{'Content-Type': 'application/json'})
			urllib.request.urlopen(req, timeout=5).read()
		return {'AccessKeyId': akid, 'SecretAccessKey': secret,
			'Token': token, 'Expiration': iso(exp), 'serial': n}


class BaseHandler(BaseHTTPRequestHandler):
	protocol_version = 'HTTP/1.1'

	def log_message(self, fmt, *args):
		if self.server.args.verbose:
			sys.stderr.write(fmt % args + '\n')

	def reply(self, status, body, ctype='text/plain'):
		data = body.encode() if isinstance(body, str) else body
		self.send_response(status)
		self.send_header('Content-Type', ctype)
		self.send_header('Content-Length', str(len(data)))
		self.end_headers()
		self.wfile.write(data)
		self.server.issuer.log.append({
			'method': self.command, 'path': self.path,
			'headers': {k.lower(): v for k, v in self.headers.items()
				    if k.lower() != 'authorization'},
			'authorization_present': 'Authorization' in self.headers,
			'status': status})

	def serve_log(self):
		if self.path == '/__log':
			data = json.dumps(self.server.issuer.log).encode()
			self.send_response(200)
			self.send_header('Content-Type', 'application/json')
			self.send_header('Content-Length', str(len(data)))
			self.end_headers()
			self.wfile.write(data)
			return True
		if self.server.args.delay:
			time.sleep(self.server.args.delay)
		return False


def serve(args, handler):
	srv = ThreadingHTTPServer((args.host, args.port), handler)
	srv.daemon_threads = True
	srv.args = args
	srv.issuer = Issuer(args)
	port = srv.server_address[1]
	if args.port_file:
		with open(args.port_file + '.tmp', 'w') as f:
			f.write('%d\n' % port)
		os.rename(args.port_file + '.tmp', args.port_file)
	print(port, flush=True)
	signal.signal(signal.SIGTERM, lambda s, f: threading.Thread(
		target=srv.shutdown, daemon=True).start())
	try:
		srv.serve_forever(poll_interval=0.2)
	finally:
		srv.server_close()
	return 0


def parser(doc):
	return argparse.ArgumentParser(description=doc.split('\n')[0])
