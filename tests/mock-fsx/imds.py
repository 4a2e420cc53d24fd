#!/usr/bin/env python3
"""EC2 instance metadata (IMDSv2) stand-in issuing FSx test credentials.

PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds: 1-21600)
returns a token; GETs need X-aws-ec2-metadata-token (401 without, unless
--allow-v1). Paths: /latest/meta-data/iam/security-credentials/ (role
name), .../ROLE (credentials JSON), /latest/meta-data/placement/region,
/latest/meta-data/placement/availability-zone,
/latest/dynamic/instance-identity/document. GET /__log: requests seen.
"""

import json
import secrets
import sys
import time

import credhelper

TTL_HDR = 'X-aws-ec2-metadata-token-ttl-seconds'
TOKEN_HDR = 'X-aws-ec2-metadata-token'


class Handler(credhelper.BaseHandler):
	tokens = {}

	def do_PUT(self):
		a = self.server.args
		if self.serve_log():
			return
		if self.path != '/latest/api/token':
			return self.reply(404, 'Not Found')
		if a.token_status:
			return self.reply(a.token_status, 'Forbidden')
		if self.headers.get('X-Forwarded-For'):
			return self.reply(403, 'Forbidden')
		try:
			ttl = int(self.headers.get(TTL_HDR, ''))
		except ValueError:
			ttl = 0
		if not 1 <= ttl <= 21600:
			return self.reply(400, 'Bad Request')
		tok = 'AQAEA' + secrets.token_urlsafe(40)
		self.tokens[tok] = time.time() + ttl
		self.send_ttl = ttl
		self.reply(200, tok)

	def _authorised(self):
		tok = self.headers.get(TOKEN_HDR)
		if tok is None:
			return self.server.args.allow_v1
		exp = self.tokens.get(tok)
		return exp is not None and time.time() < exp

	def do_GET(self):
		a = self.server.args
		if self.serve_log():
			return
		if not self._authorised():
			return self.reply(401, 'Unauthorized')
		p = self.path
		base = '/latest/meta-data/iam/security-credentials/'
		if p == base:
			return self.reply(200, a.role)
		if p.startswith(base):
			if p[len(base):] != a.role:
				return self.reply(404, 'Not Found')
			c = self.server.issuer.issue()
			body = {'Code': 'Success',
				'LastUpdated': credhelper.iso(time.time()),
				'Type': 'AWS-HMAC', 'AccessKeyId': c['AccessKeyId'],
				'SecretAccessKey': c['SecretAccessKey'],
				'Token': c['Token'], 'Expiration': c['Expiration']}
			return self.reply(200, json.dumps(body, indent=2))
		if p == '/latest/meta-data/placement/region':
			return self.reply(200, a.region)
		if p.rstrip('/') == '/latest/meta-data/placement/availability-zone':
			return self.reply(200, a.region + 'a')
		if p == '/latest/dynamic/instance-identity/document':
			return self.reply(200, json.dumps({
				'accountId': a.account, 'region': a.region,
				'availabilityZone': a.region + 'a',
				'instanceId': 'i-0123456789abcdef0',
				'instanceType': 'p5.48xlarge',
				'architecture': 'x86_64',
				'imageId': 'ami-0123456789abcdef0',
				'privateIp': '172.31.20.15'}, indent=2),
				'application/json')
		return self.reply(404, 'Not Found')


def main(argv=None):
	p = credhelper.parser(__doc__)
	credhelper.common_args(p, 'ASIAIMDSEXAMPLE00001')
	p.add_argument('--role', default='fsxctl-test-role')
	p.add_argument('--region', default='us-east-1')
	p.add_argument('--account', default='123456789012')
	p.add_argument('--allow-v1', action='store_true',
		       help='serve GETs without a session token (IMDSv1)')
	p.add_argument('--token-status', type=int, default=0,
		       help='answer token PUTs with this status (403/404/405)')
	return credhelper.serve(p.parse_args(argv), Handler)


if __name__ == '__main__':
	sys.exit(main())
