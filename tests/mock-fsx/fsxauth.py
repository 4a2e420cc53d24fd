"""SigV4 verification for the FSx stand-in.

Every request's signature is recomputed with botocore's SigV4Auth from
the received method, Host, body and exactly the headers the client named
in SignedHeaders (aws-fsx-api.md §4.4), then compared with the one sent.
Failures map to the JSON-protocol auth errors of aws-fsx-api.md §1.5.
"""

import datetime
import hmac
import json
import re
import threading
import time
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

SKEW_LIMIT = 300  # seconds either way (§1.5, §6.6)

# Fixed test credentials (README.md, "Credentials").
BUILTIN = {
	# long-term keys (no session token)
	'AKIAIOSFODNN7EXAMPLE': {
		'secret': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'},
	'AKIDEXAMPLE': {'secret': 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'},
	# temporary keys: a session token is required and must be signed
	'ASIAIOSFODNN7TEMP001': {
		'secret': 'tEMPsECRETkEY/K7MDENG/bPxRfiCYTEMP0001KEY',
		'token': 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN'},
	'ASIAIOSFODNN7EXPIRED': {
		'secret': 'eXPIREDsECRET/K7MDENG/bPxRfiCYEXPIREDKEY',
		'token': 'FQoGZXIvYXdzEXPIREDSESSIONTOKEN',
		'expiration': 1700000000.0},
	# what imds.py and container.py hand out by default
	'ASIAIMDSEXAMPLE00001': {
		'secret': 'iMDSsECRETkEY/K7MDENG/bPxRfiCYIMDS0001KEY',
		'token': 'IQoJb3JpZ2luX2VjEIMDSEXAMPLETOKEN'},
	'ASIACONTAINEREXAMPL1': {
		'secret': 'cONTAINERsECRET/K7MDENG/bPxRfiCYCONT01KEY',
		'token': 'IQoJb3JpZ2luX2VjECONTAINEREXAMPLETOKEN'},
}

AUTH_RE = re.compile(r'^AWS4-HMAC-SHA256 (.*)$')


class AuthError(Exception):
	def __init__(self, code, message, status=400):
		super().__init__(message)
		self.code = code
		self.message = message
		self.status = status


def parse_expiration(value):
	"""Epoch seconds or ISO 8601 (…Z, fractions allowed) -> epoch float."""
	if value is None or value == '':
		return None
	if isinstance(value, (int, float)):
		return float(value)
	s = str(value).strip().replace('Z', '+00:00')
	return datetime.datetime.fromisoformat(s).timestamp()


class Registry:
	"""Access key -> secret (+ session token, expiration, account)."""

	def __init__(self, moto_url=None):
		self._keys = {k: dict(v) for k, v in BUILTIN.items()}
		self._lock = threading.Lock()
		self.moto_url = moto_url

	def register(self, access_key, secret, token=None, expiration=None,
		     account=None):
		with self._lock:
			self._keys[access_key] = {
				'secret': secret, 'token': token or None,
				'expiration': parse_expiration(expiration),
				'account': account}

	def lookup(self, access_key):
		with self._lock:
			ent = self._keys.get(access_key)
		if ent is None and self.moto_url:
			ent = self._from_moto(access_key)
		return ent

	def _from_moto(self, access_key):
		"""Keys that moto's STS or IAM issued live in moto's state."""
		try:
			url = self.moto_url.rstrip('/') + '/moto-api/data.json'
			with urllib.request.urlopen(url, timeout=5) as r:
				data = json.load(r)
		except (OSError, ValueError):
			return None
		for role in (data.get('sts') or {}).get('AssumedRole', []):
			if role.get('access_key_id') == access_key:
				self.register(access_key, role['secret_access_key'],
					      role.get('session_token'),
					      account=role.get('account_id'))
				return self.lookup(access_key)
		for key in (data.get('iam') or {}).get('AccessKey', []):
			if key.get('access_key_id') == access_key and \
			   key.get('user_name'):
				self.register(access_key, key['secret_access_key'])
				return self.lookup(access_key)
		return None


class _Verifier(SigV4Auth):
	"""botocore's SigV4 with the client's own SignedHeaders list.

	botocore would drop blacklisted names (user-agent, expect...) from
	what it signs; a client that signed them is still correct, so sign
	exactly the names the client listed, with the values received."""

	def __init__(self, creds, service, region, signed, received):
		super().__init__(creds, service, region)
		self._signed = signed
		self._received = received

	def headers_to_sign(self, request):
		out = HTTPHeaders()
		for name in self._signed:
			for value in self._received.get(name, []):
				out[name] = value
		return out


def fmt_amz(epoch):
	return time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(epoch))


def parse_authorization(value):
	m = AUTH_RE.match(value or '')
	if not m:
		raise AuthError('IncompleteSignatureException',
				'Unsupported Authorization Type: only '
				'AWS4-HMAC-SHA256 is accepted.')
	parts = {}
	for piece in m.group(1).split(','):
		k, _, v = piece.strip().partition('=')
		parts[k] = v
	missing = [k for k in ('Credential', 'SignedHeaders', 'Signature')
		   if not parts.get(k)]
	if missing:
		raise AuthError('IncompleteSignatureException',
				"Authorization header requires '%s' parameter. "
				'Authorization=%s' % (missing[0], value))
	return parts


def verify(method, host_url, received, body, now, region, service='fsx',
	   registry=None, require_target=True):
	"""Check one request. received: lowercase name -> list of values.

	Returns a dict describing the credential on success; raises
	AuthError otherwise."""
	authz = (received.get('authorization') or [None])[0]
	if not authz:
		raise AuthError('MissingAuthenticationTokenException',
				'Missing Authentication Token', 403)
	parts = parse_authorization(authz)
	scope = parts['Credential'].split('/')
	if len(scope) != 5 or scope[4] != 'aws4_request':
		raise AuthError('IncompleteSignatureException',
				'Credential should be scoped to a valid region, not '
				"'%s'. " % '/'.join(scope[2:3]))
	akid, sdate, sregion, sservice = scope[:4]
	signed = parts['SignedHeaders'].split(';')
	if 'host' not in signed:
		raise AuthError('InvalidSignatureException',
				"'Host' or ':authority' must be a 'SignedHeader' in "
				'the AWS Authorization.')
	xdate = (received.get('x-amz-date') or [None])[0]
	if not xdate or 'x-amz-date' not in signed:
		raise AuthError('IncompleteSignatureException',
				"Authorization header requires existence of either "
				"a 'X-Amz-Date' or a 'Date' header, and it must be "
				'signed.')
	if require_target and 'x-amz-target' not in signed:
		raise AuthError('InvalidSignatureException',
				"'X-Amz-Target' must be a 'SignedHeader' in the AWS "
				'Authorization.')
	try:
		when = datetime.datetime.strptime(
			xdate, '%Y%m%dT%H%M%SZ').replace(
				tzinfo=datetime.timezone.utc).timestamp()
	except ValueError:
		raise AuthError('IncompleteSignatureException',
				"Date must be in ISO-8601 'basic format'. Got '%s'."
				% xdate)
	if sdate != xdate[:8]:
		raise AuthError('InvalidSignatureException',
				'Date in Credential scope does not match YYYYMMDD '
				"from ISO-8601 version of date from HTTP: '%s' != "
				"'%s', from 'X-Amz-Date'." % (sdate, xdate[:8]))
	if sservice != service:
		raise AuthError('InvalidSignatureException',
				"Credential should be scoped to correct service: "
				"'%s'. " % service)
	if sregion != region:
		raise AuthError('InvalidSignatureException',
				'Credential should be scoped to a valid region, not '
				"'%s'. " % sregion)
	if when < now - SKEW_LIMIT:
		raise AuthError('InvalidSignatureException',
				'Signature expired: %s is now earlier than %s '
				'(%s - 5 min.)' % (xdate, fmt_amz(now - SKEW_LIMIT),
						   fmt_amz(now)))
	if when > now + SKEW_LIMIT:
		raise AuthError('InvalidSignatureException',
				'Signature not yet current: %s is still later than '
				'%s (%s + 5 min.)' % (xdate, fmt_amz(now + SKEW_LIMIT),
						      fmt_amz(now)))
	ent = registry.lookup(akid) if registry else None
	if ent is None:
		raise AuthError('UnrecognizedClientException',
				'The security token included in the request is '
				'invalid.')
	token = (received.get('x-amz-security-token') or [None])[0]
	if ent.get('token'):
		if token is None:
			raise AuthError('UnrecognizedClientException',
					'The security token included in the request '
					'is invalid.')
		if 'x-amz-security-token' not in signed:
			raise AuthError('InvalidSignatureException',
					"'X-Amz-Security-Token' must be a "
					"'SignedHeader' in the AWS Authorization.")
		if not hmac.compare_digest(token, ent['token']):
			raise AuthError('UnrecognizedClientException',
					'The security token included in the request '
					'is invalid.')
		exp = ent.get('expiration')
		if exp is not None and now >= exp:
			raise AuthError('ExpiredTokenException',
					'The security token included in the request '
					'is expired')
	elif token is not None:
		raise AuthError('UnrecognizedClientException',
				'The security token included in the request is '
				'invalid.')
	creds = Credentials(akid, ent['secret'], ent.get('token'))
	req = AWSRequest(method=method, url=host_url, data=body)
	v = _Verifier(creds, sservice, sregion, signed, received)
	req.context['timestamp'] = xdate
	canonical = v.canonical_request(req)
	sts = v.string_to_sign(req, canonical)
	expect = v.signature(sts, req)
	if not hmac.compare_digest(expect, parts['Signature']):
		raise AuthError('InvalidSignatureException',
				'The request signature we calculated does not match '
				'the signature you provided. Check your AWS Secret '
				'Access Key and signing method. Consult the service '
				'documentation for details.\n\nThe Canonical String '
				"for this request should have been\n'%s'\n\nThe "
				"String-to-Sign should have been\n'%s'\n"
				% (canonical, sts))
	return {'access_key': akid, 'temporary': bool(ent.get('token')),
		'account': ent.get('account'), 'signed_headers': signed}
