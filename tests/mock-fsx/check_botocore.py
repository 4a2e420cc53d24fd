#!/usr/bin/env python3
"""Independent checks of the stand-in with botocore (run by
tests/bats/mock-fsx-auth.bats): python3 check_botocore.py URL

1. the verifier accepts the worked SigV4 example of aws-fsx-api.md §4.3
   (with and without session token) and refuses a one-byte change;
2. every answer of the twelve operations, fetched raw, fits the botocore
   FSx *output* model (required members, types, ranges, enums, patterns);
3. botocore's DescribeFileSystems paginator walks base64 NextTokens;
4. botocore standard-mode retries a throttled CreateBackup with the same
   ClientRequestToken and the same invocation id, creating one backup.
"""

import json
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.session  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

import fsxauth  # noqa: E402
import fsxvalidate  # noqa: E402

AKID, SECRET = 'AKIAIOSFODNN7EXAMPLE', fsxauth.BUILTIN[
	'AKIAIOSFODNN7EXAMPLE']['secret']
FS = 'fs-0123456789abcdef0'


def check(cond, what):
	if not cond:
		sys.exit('FAIL: ' + what)
	print('ok - ' + what)


def vector():
	body = b'{"FileSystemIds":["fs-0123456789abcdef0"]}'
	hdr = {'content-type': ['application/x-amz-json-1.1'],
	       'host': ['fsx.us-east-1.amazonaws.com'],
	       'x-amz-date': ['20150830T123600Z'],
	       'x-amz-target': ['AWSSimbaAPIService_v20180301.'
				'DescribeFileSystems'],
	       'user-agent': ['fsxctl/0.1'],
	       'authorization': [
		       'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/'
		       'us-east-1/fsx/aws4_request, SignedHeaders=content-type;'
		       'host;x-amz-date;x-amz-target, Signature=8c174557fe69c5e2b'
		       '89b5ff0decf2f45fa759cac0801e08a399ab055f58c0c02']}
	now = 1440938160.0
	reg = fsxauth.Registry()
	url = 'https://fsx.us-east-1.amazonaws.com/'
	fsxauth.verify('POST', url, hdr, body, now, 'us-east-1', registry=reg)
	check(True, 'worked example §4.3 verifies')
	try:
		fsxauth.verify('POST', url, hdr, body.replace(b'ef0', b'ef1'), now,
			       'us-east-1', registry=reg)
		check(False, 'changed body refused')
	except fsxauth.AuthError as e:
		check(e.code == 'InvalidSignatureException',
		      'changed body refused')
	reg.register('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
		     'FQoGZXIvYXdzEXAMPLESESSIONTOKEN')
	hdr['x-amz-security-token'] = ['FQoGZXIvYXdzEXAMPLESESSIONTOKEN']
	hdr['authorization'] = [
		'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/fsx/'
		'aws4_request, SignedHeaders=content-type;host;x-amz-date;'
		'x-amz-security-token;x-amz-target, Signature=0c7debdb25da37183'
		'e024120b0385ffa46a0c7a76aac87eb1c031d5b1a3af66e']
	fsxauth.verify('POST', url, hdr, body, now, 'us-east-1', registry=reg)
	check(True, 'worked example with session token verifies')


def raw_call(base, op, params, region='us-east-1'):
	body = json.dumps(params).encode()
	req = AWSRequest('POST', base + '/', data=body, headers={
		'Content-Type': 'application/x-amz-json-1.1',
		'X-Amz-Target': 'AWSSimbaAPIService_v20180301.' + op})
	SigV4Auth(Credentials(AKID, SECRET), 'fsx', region).add_auth(req)
	r = urllib.request.Request(base + '/', body, dict(req.headers.items()))
	with urllib.request.urlopen(r) as resp:
		return json.load(resp)


def scope_region(base):
	for region in ('', 'us-west-2'):
		try:
			raw_call(base, 'DescribeFileSystems', {}, region)
			check(False, 'signing region %r refused' % region)
		except urllib.error.HTTPError as e:
			err = json.load(e)
			check(e.code == 400 and
			      err['__type'] == 'InvalidSignatureException' and
			      'scoped to a valid region' in err['message'],
			      'signing region %r refused' % region)


def fits_output(op, data):
	shape = fsxvalidate.model().operation_model(op).output_shape
	w = fsxvalidate._Walker(False)
	w.walk(shape, data, '')
	check(not w.errors, '%s answer fits the output model %s' %
	      (op, w.errors[:2] or ''))


def outputs(base):
	calls = [
		('DescribeFileSystems', {}),
		('CreateDataRepositoryAssociation', {
			'FileSystemId': FS, 'FileSystemPath': '/bc',
			'DataRepositoryPath': 's3://bucket-bc/p/',
			'S3': {'AutoImportPolicy': {'Events': ['NEW']}}}),
		('DescribeDataRepositoryAssociations', {}),
		('CreateDataRepositoryTask', {
			'FileSystemId': FS, 'Type': 'EXPORT_TO_REPOSITORY',
			'Report': {'Enabled': True, 'Path': 's3://bucket-bc/r',
				   'Format': 'REPORT_CSV_20191124',
				   'Scope': 'FAILED_FILES_ONLY'}}),
		('DescribeDataRepositoryTasks', {}),
		('UpdateFileSystem', {'FileSystemId': FS, 'StorageCapacity': 4800}),
		('DescribeFileSystems', {'FileSystemIds': [FS]}),
		('CreateBackup', {'FileSystemId': 'fs-0123456789abcdef3'}),
		('DescribeBackups', {}),
	]
	import time
	for op, params in calls:
		if op == 'CreateDataRepositoryTask':
			time.sleep(0.3)  # DRA becomes AVAILABLE at --time-scale 1000
		fits_output(op, raw_call(base, op, params))
	time.sleep(0.4)
	dra = raw_call(base, 'DescribeDataRepositoryAssociations',
		       {})['Associations'][0]['AssociationId']
	fits_output('UpdateDataRepositoryAssociation', raw_call(
		base, 'UpdateDataRepositoryAssociation',
		{'AssociationId': dra, 'ImportedFileChunkSize': 2048}))
	time.sleep(0.2)
	fits_output('DeleteDataRepositoryAssociation', raw_call(
		base, 'DeleteDataRepositoryAssociation',
		{'AssociationId': dra, 'DeleteDataInFileSystem': False}))
	bk = raw_call(base, 'DescribeBackups', {})['Backups'][0]['BackupId']
	fits_output('DeleteBackup', raw_call(base, 'DeleteBackup',
					     {'BackupId': bk}))


def control(base, **req):
	r = urllib.request.Request(base + '/__control', json.dumps(req).encode(),
				   {'Content-Type': 'application/json'})
	with urllib.request.urlopen(r) as resp:
		return json.load(resp)


def client(base, **cfg):
	s = botocore.session.get_session()
	return s.create_client('fsx', region_name='us-east-1', endpoint_url=base,
			       aws_access_key_id=AKID,
			       aws_secret_access_key=SECRET,
			       config=Config(**cfg))


def paging(base):
	c = client(base)
	pages = list(c.get_paginator('describe_file_systems').paginate(
		PaginationConfig={'PageSize': 1}))
	ids = [f['FileSystemId'] for p in pages for f in p['FileSystems']]
	check(len(pages) == 4 and len(set(ids)) == 4,
	      'paginator: 4 pages of 1 file system')
	tok = pages[0]['NextToken']
	check(fsxvalidate._pattern(fsxvalidate.model().shape_for(
		'NextToken').metadata['pattern']).search(tok) is not None,
	      'NextToken fits the model pattern')


def retries(base):
	control(base, action='reset')
	control(base, action='clear-log')
	control(base, action='fault', mode='throttle', count=2,
		ops=['CreateBackup'])
	c = client(base, retries={'mode': 'standard', 'max_attempts': 3})
	c.create_backup(FileSystemId=FS)
	with urllib.request.urlopen(base + '/__log') as r:
		log = [e for e in json.load(r) if e['operation'] == 'CreateBackup']
	check([e['status'] for e in log] == [400, 400, 200],
	      'standard mode: two throttles then success')
	check(len({e['client_request_token'] for e in log}) == 1,
	      'retries resend the same ClientRequestToken')
	check(len({e['headers']['amz-sdk-invocation-id'] for e in log}) == 1,
	      'retries keep one amz-sdk-invocation-id')
	n = len(c.describe_backups(Filters=[{'Name': 'file-system-id',
					      'Values': [FS]}])['Backups'])
	check(n == 1, 'exactly one backup created')


def main():
	base = sys.argv[1].rstrip('/')
	vector()
	scope_region(base)
	control(base, action='reset')
	outputs(base)
	paging(base)
	retries(base)
	control(base, action='reset')
	print('all botocore checks passed')


if __name__ == '__main__':
	main()
