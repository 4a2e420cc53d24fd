#!/usr/bin/env python3
"""Container credential endpoint stand-in (ECS / EKS Pod Identity).

GET PATH (default /v1/credentials) with "Authorization: TOKEN" (raw, no
scheme) returns {AccessKeyId, SecretAccessKey, Token, Expiration,
AccountId, RoleArn}. A missing or wrong token gets 401 JSON. The token is
--token, or the content of --token-file read on every request.
GET /__log: requests seen (the Authorization value is never logged).
"""

import json
import sys

import credhelper


class Handler(credhelper.BaseHandler):
	def do_GET(self):
		a = self.server.args
		if self.serve_log():
			return
		if self.path.split('?')[0] != a.path:
			return self.reply(404, json.dumps(
				{'Code': 'NotFound', 'Message': 'not found'}),
				'application/json')
		if a.status:
			return self.reply(a.status, json.dumps(
				{'Code': 'InternalError', 'Message': 'injected'}),
				'application/json')
		want = a.token
		if a.token_file:
			with open(a.token_file) as f:
				want = f.read()
		if want and self.headers.get('Authorization') != want:
			return self.reply(401, json.dumps(
				{'Code': 'AccessDenied', 'Message':
				 'Invalid authorization token'}), 'application/json')
		c = self.server.issuer.issue()
		body = {'AccessKeyId': c['AccessKeyId'],
			'SecretAccessKey': c['SecretAccessKey'],
			'Token': c['Token'], 'Expiration': c['Expiration'],
			'AccountId': a.account,
			'RoleArn': 'arn:aws:iam::%s:role/%s' % (a.account, a.role)}
		self.reply(200, json.dumps(body), 'application/json')


def main(argv=None):
	p = credhelper.parser(__doc__)
	credhelper.common_args(p, 'ASIACONTAINEREXAMPL1')
	p.add_argument('--path', default='/v1/credentials')
	p.add_argument('--token', default='container-test-token',
		       help='expected Authorization value ("" = none needed)')
	p.add_argument('--token-file')
	p.add_argument('--role', default='fsxctl-pod-role')
	p.add_argument('--account', default='123456789012')
	p.add_argument('--status', type=int, default=0,
		       help='answer every credential GET with this status')
	return credhelper.serve(p.parse_args(argv), Handler)


if __name__ == '__main__':
	sys.exit(main())
