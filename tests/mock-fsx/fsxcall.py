#!/usr/bin/env python3
"""fsxcall.py OPERATION [JSON]: one signed raw FSx call to
$AWS_ENDPOINT_URL_FSX with $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY
(/ $AWS_SESSION_TOKEN), region $AWS_REGION. Prints the HTTP status on
the first line and the raw response body on the second, so tests can
check members the AWS CLI does not show (e.g. IncompatibleParameterError's
Parameter, ServiceLimitExceeded's Limit). Exit 0 whatever the status.
"""

import os
import sys
import urllib.error
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
	op = sys.argv[1]
	body = (sys.argv[2] if len(sys.argv) > 2 else '{}').encode()
	url = os.environ['AWS_ENDPOINT_URL_FSX'].rstrip('/') + '/'
	req = AWSRequest('POST', url, data=body, headers={
		'Content-Type': 'application/x-amz-json-1.1',
		'X-Amz-Target': 'AWSSimbaAPIService_v20180301.' + op})
	creds = Credentials(os.environ['AWS_ACCESS_KEY_ID'],
			    os.environ['AWS_SECRET_ACCESS_KEY'],
			    os.environ.get('AWS_SESSION_TOKEN'))
	SigV4Auth(creds, 'fsx', os.environ.get('AWS_REGION', 'us-east-1')
		  ).add_auth(req)
	r = urllib.request.Request(url, body, dict(req.headers.items()))
	try:
		with urllib.request.urlopen(r) as resp:
			status, data = resp.status, resp.read()
	except urllib.error.HTTPError as e:
		status, data = e.code, e.read()
	print(status)
	print(data.decode())
	return 0


if __name__ == '__main__':
	sys.exit(main())
