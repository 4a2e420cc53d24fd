#!/usr/bin/env python3
"""Loopback stand-in for the Amazon FSx control plane (JSON 1.1).

Usage: server.py --port 0 --port-file FILE [--region us-east-1]
       [--seed FILE|default|none] [--tasks N] [--time-scale X] [--log FILE]
       [--tls CERT KEY] [--moto URL] [--account ID] [--id-seed N]
See README.md in this directory for the control endpoint and faults.
"""

import argparse
import email.utils
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fsxauth  # noqa: E402
import fsxcontrol  # noqa: E402
import fsxops  # noqa: E402
import fsxvalidate  # noqa: E402
from fsxstate import FsxError  # noqa: E402

PREFIX = 'AWSSimbaAPIService_v20180301.'
CTYPE = 'application/x-amz-json-1.1'
NAMESPACE = 'com.amazonaws.fsx'
LOGGED_HEADERS = ('content-type', 'content-length', 'user-agent',
		  'x-amz-date', 'amz-sdk-invocation-id', 'amz-sdk-request',
		  'accept', 'accept-encoding', 'expect', 'transfer-encoding',
		  'connection', 'host')
# Codes the real front end reports itself (not FSx model shapes): their
# text goes in lowercase 'message', model errors use 'Message'.
FRONT_END = ('ValidationException', 'SerializationException',
	     'ThrottlingException', 'AccessDeniedException',
	     'UnknownOperationException', 'InvalidSignatureException',
	     'UnrecognizedClientException', 'ExpiredTokenException',
	     'IncompleteSignatureException',
	     'MissingAuthenticationTokenException')


class Handler(BaseHTTPRequestHandler):
	protocol_version = 'HTTP/1.1'
	server_version = 'Server'
	sys_version = ''
	# Headers and body go out in separate writes; without TCP_NODELAY a
	# kept-alive client waits out a delayed ACK (40 ms) on every call,
	# which no AWS front end does.
	disable_nagle_algorithm = True

	def log_message(self, fmt, *args):
		if self.server.ctx.verbose:
			sys.stderr.write('mock-fsx: ' + fmt % args + '\n')

	def date_time_string(self, timestamp=None):
		return email.utils.formatdate(self.server.ctx.store.clock.wall(),
					      usegmt=True)

	# ---- plumbing ------------------------------------------------------
	def _read_body(self):
		if 'chunked' in (self.headers.get('Transfer-Encoding') or ''):
			out = b''
			while True:
				n = int(self.rfile.readline().split(b';')[0], 16)
				if n == 0:
					while self.rfile.readline() not in (b'\r\n',
									   b'\n',
									   b''):
						pass
					return out
				out += self.rfile.read(n)
				self.rfile.readline()
		n = int(self.headers.get('Content-Length') or 0)
		return self.rfile.read(n) if n else b''

	def _send(self, status, body, ctype=CTYPE, extra=None):
		data = body if isinstance(body, bytes) else body.encode()
		self.send_response(status)
		self.send_header('x-amzn-RequestId', str(uuid.uuid4()))
		if ctype:
			self.send_header('Content-Type', ctype)
		self.send_header('Content-Length', str(len(data)))
		for k, v in (extra or {}).items():
			self.send_header(k, v)
		self.end_headers()
		if self.command != 'HEAD':
			self.wfile.write(data)
		self.wfile.flush()

	def _json(self, status, obj):
		self._send(status, json.dumps(obj), 'application/json')

	def _error(self, status, code, message, extra=None):
		style = self.server.ctx.error_style
		t = code
		if style['type'] == 'namespaced':
			t = '%s#%s' % (NAMESPACE, code)
		elif style['type'] == 'url':
			t = '%s:http://internal.amazon.com/coral/%s/' % (code,
									 NAMESPACE)
		key = style['message_key']
		if key == 'auto':
			key = 'message' if code in FRONT_END else 'Message'
		body = {'__type': t}
		if message is not None:
			body[key] = message
		body.update(extra or {})
		hdr = {}
		if style['header']:
			hdr['x-amzn-ErrorType'] = '%s:http://internal.amazon.com/' \
				'coral/%s/' % (code, NAMESPACE)
		self._send(status, json.dumps(body), CTYPE, hdr)
		return code

	def _loopback(self):
		host = self.client_address[0]
		return host.startswith('127.') or host in ('::1',
							   '::ffff:127.0.0.1')

	def _reset(self):
		try:
			self.connection.setsockopt(socket.SOL_SOCKET,
						   socket.SO_LINGER,
						   struct.pack('ii', 1, 0))
			self.connection.close()
		except OSError:
			pass
		self.close_connection = True

	# ---- verbs -----------------------------------------------------------
	def do_GET(self):
		if self.path.startswith('/__'):
			if not self._loopback():
				return self._json(403, {'error': 'loopback only'})
			code, obj = fsxcontrol.get(self.server.ctx, self.path)
			return self._json(code, obj)
		self._error(404, 'UnknownOperationException', None)

	def do_POST(self):
		if self.path.startswith('/__control'):
			body = self._read_body()
			if not self._loopback():
				return self._json(403, {'error': 'loopback only'})
			code, obj = fsxcontrol.post(self.server.ctx, body)
			return self._json(code, obj)
		self._fsx()

	def do_PUT(self):
		self._read_body()
		self._error(404, 'UnknownOperationException', None)

	do_DELETE = do_PUT

	# ---- the API ---------------------------------------------------------
	def _fsx(self):
		ctx = self.server.ctx
		t0 = time.time()
		raw = self._read_body()
		received = {}
		for k, v in self.headers.items():
			received.setdefault(k.lower(), []).append(v)
		target = self.headers.get('X-Amz-Target') or ''
		op = target[len(PREFIX):] if target.startswith(PREFIX) else None
		entry = {
			'time': round(ctx.store.clock.wall(), 3),
			'method': self.command, 'path': self.path,
			'target': target or None, 'operation': op,
			'headers': {k: v[0] for k, v in received.items()
				    if k in LOGGED_HEADERS},
			'security_token': 'x-amz-security-token' in received,
			'body': _body_for_log(raw),
		}
		if isinstance(entry['body'], dict):
			entry['client_request_token'] = \
				entry['body'].get('ClientRequestToken')
		try:
			entry.update(self._handle(ctx, op, target, raw, received,
						  entry))
		finally:
			entry['duration_ms'] = round(1000 * (time.time() - t0), 1)
			ctx.record(entry)

	def _handle(self, ctx, op, target, raw, received, entry):
		host = received.get('host', [''])[0]
		try:
			who = fsxauth.verify(
				'POST', 'http://%s%s' % (host, self.path), received,
				raw, ctx.store.clock.wall(), ctx.store.region,
				registry=ctx.registry,
				require_target=ctx.require_target)
			entry['signed_headers'] = who['signed_headers']
			entry['access_key'] = who['access_key']
			entry['auth'] = 'ok'
		except fsxauth.AuthError as e:
			auth = (received.get('authorization') or [''])[0]
			entry['signed_headers'] = _signed_list(auth)
			entry['auth'] = e.code
			return {'status': e.status,
				'error': self._error(e.status, e.code, e.message)}
		if self.path.split('?')[0] != '/' or op not in fsxops.OPS:
			return {'status': 400, 'error': self._error(
				400, 'UnknownOperationException', None)}
		fault = ctx.take_fault(op)
		if fault:
			entry['fault'] = fault['mode']
			done = self._pre_fault(fault)
			if done is not None:
				return done
		try:
			body = json.loads(raw.decode('utf-8')) if raw else None
		except (UnicodeDecodeError, ValueError):
			body = None
		if not isinstance(body, dict):
			return {'status': 400, 'error': self._error(
				400, 'SerializationException',
				'Malformed request body: expected a JSON object.')}
		try:
			fsxvalidate.validate(op, body, ctx.allow_unknown)
			resp = fsxops.call(ctx.store, op, body)
		except fsxvalidate.ValidationFailure as e:
			return {'status': 400,
				'error': self._error(400, e.code, e.message)}
		except FsxError as e:
			return {'status': e.status,
				'error': self._error(e.status, e.code, e.message,
						     e.extra)}
		data = json.dumps(resp)
		if fault and fault['mode'] in ('drop', 'truncate', 'malformed'):
			return self._post_fault(fault, data)
		self._send(200, data)
		return {'status': 200}

	def _pre_fault(self, f):
		mode = f['mode']
		if mode == 'delay':
			time.sleep(float(f.get('seconds', 1)))
			return None
		if mode == 'reset':
			self._reset()
			return {'status': None}
		if mode == 'throttle':
			return {'status': 400, 'error': self._error(
				400, 'ThrottlingException', 'Rate exceeded')}
		if mode == 'access-denied':
			return {'status': 400, 'error': self._error(
				400, 'AccessDeniedException', 'User is not '
				'authorized to perform this action.')}
		if mode == 'code':
			st = int(f.get('status', 400))
			return {'status': st, 'error': self._error(
				st, f['code'], f.get('message', f['code']),
				f.get('extra'))}
		if mode == 'error':
			return self._server_error(f)
		return None

	def _server_error(self, f):
		st = int(f.get('status', 500))
		kind = f.get('body', 'json')
		if kind == 'empty':
			self._send(st, b'', None)
		elif kind == 'html':
			reason = self.responses.get(st, ('Error',))[0]
			self._send(st, '<html><body><h1>%d %s</h1></body></html>' %
				   (st, reason), 'text/html')
		else:
			code = 'InternalServerError' if st == 500 else \
				'ServiceUnavailableException'
			return {'status': st, 'error': self._error(
				st, code, 'We encountered an internal error. '
				'Please try again.')}
		return {'status': st, 'error': str(st)}

	def _post_fault(self, f, data):
		mode = f['mode']
		if mode == 'drop':
			self.close_connection = True
			return {'status': None, 'committed': True}
		if mode == 'malformed':
			self._send(200, data[:max(1, len(data) // 2)])
			return {'status': 200, 'committed': True}
		# truncate: announce the full length, send half, hang up
		enc = data.encode()
		self.send_response(200)
		self.send_header('x-amzn-RequestId', str(uuid.uuid4()))
		self.send_header('Content-Type', CTYPE)
		self.send_header('Content-Length', str(len(enc)))
		self.end_headers()
		self.wfile.write(enc[:len(enc) // 2])
		self.wfile.flush()
		self.close_connection = True
		return {'status': 200, 'committed': True}


def _signed_list(auth):
	for piece in auth.split(','):
		k, _, v = piece.strip().partition('=')
		if k == 'SignedHeaders':
			return v.split(';')
	return None


def _body_for_log(raw):
	try:
		return json.loads(raw.decode('utf-8'))
	except (UnicodeDecodeError, ValueError):
		return raw.decode('utf-8', 'replace')


class Server(ThreadingHTTPServer):
	daemon_threads = True
	allow_reuse_address = True

	def handle_error(self, request, client_address):
		if self.ctx.verbose:
			super().handle_error(request, client_address)


def parse_args(argv):
	p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
	p.add_argument('--host', default='127.0.0.1')
	p.add_argument('--port', type=int, default=0)
	p.add_argument('--port-file')
	p.add_argument('--pid-file')
	p.add_argument('--region', default='us-east-1')
	p.add_argument('--account', default='123456789012')
	p.add_argument('--seed', default='default',
		       help='seed JSON file, "default" or "none"')
	p.add_argument('--tasks', type=int, default=0,
		       help='finished tasks to seed on the first file system')
	p.add_argument('--time-scale', type=float, default=1.0)
	p.add_argument('--log', help='append JSON lines here')
	p.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
	p.add_argument('--moto', help='moto_server URL for STS/IAM keys')
	p.add_argument('--id-seed', type=int)
	p.add_argument('--allow-unknown-members', action='store_true')
	p.add_argument('--no-require-signed-target', action='store_true')
	p.add_argument('--verbose', action='store_true')
	return p.parse_args(argv)


def main(argv=None):
	args = parse_args(argv)
	ctx = fsxcontrol.Context(args)
	srv = Server((args.host, args.port), Handler)
	srv.ctx = ctx
	if args.tls:
		tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
		tls.load_cert_chain(args.tls[0], args.tls[1])
		srv.socket = tls.wrap_socket(srv.socket, server_side=True)
	port = srv.server_address[1]
	if args.pid_file:
		with open(args.pid_file, 'w') as f:
			f.write('%d\n' % os.getpid())
	if args.port_file:
		tmp = args.port_file + '.tmp'
		with open(tmp, 'w') as f:
			f.write('%d\n' % port)
		os.rename(tmp, args.port_file)
	print(port, flush=True)

	def stop(signum, frame):
		threading.Thread(target=srv.shutdown, daemon=True).start()

	signal.signal(signal.SIGTERM, stop)
	signal.signal(signal.SIGINT, stop)
	try:
		srv.serve_forever(poll_interval=0.2)
	finally:
		srv.server_close()
		ctx.close()
	return 0


if __name__ == '__main__':
	sys.exit(main())
