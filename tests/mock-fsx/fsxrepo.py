"""Data repository associations and data repository tasks (§2.2, §3)."""

import re

from fsxseed import failure_message
from fsxstate import FINAL_TASK, DURATIONS, FsxError, bad, public

S3_RE = re.compile(r'^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?$')
MAX_DRAS = 8
DRA_BUSY = ('CREATING', 'UPDATING', 'DELETING')


def _slash(p):
	return p if p.endswith('/') else p + '/'


def _overlap(a, b):
	a, b = _slash(a), _slash(b)
	return a.startswith(b) or b.startswith(a)


def get_fs(store, fid):
	fs = store.fs.get(fid)
	if fs is None:
		raise FsxError('FileSystemNotFound',
			       'File system %s does not exist.' % fid)
	return fs


def _dra_capable(fs, what):
	lc = fs['LustreConfiguration']
	if fs['FileSystemType'] != 'LUSTRE':
		raise FsxError('UnsupportedOperation', '%s is only supported '
			       'for Amazon FSx for Lustre.' % what)
	if lc['DeploymentType'] == 'SCRATCH_1' or \
	   fs['FileSystemTypeVersion'] == '2.10':
		raise FsxError('UnsupportedOperation', '%s is not supported on '
			       'file systems with deployment type SCRATCH_1 or '
			       'Lustre version 2.10.' % what)
	if 'DataRepositoryConfiguration' in lc:
		raise bad('%s is not supported on a file system linked to a '
			  'data repository with ImportPath/ExportPath.' % what)


def fs_dras(store, fid):
	return [d for d in store.dras.values() if d['FileSystemId'] == fid]


def get_dra(store, did):
	d = store.dras.get(did)
	if d is None:
		raise FsxError('DataRepositoryAssociationNotFound',
			       'Data repository association %s does not exist.'
			       % did)
	return d


def _check_s3(path, what='DataRepositoryPath'):
	if not S3_RE.match(path):
		raise bad('%s must be an S3 path of the form s3://bucket/ or '
			  's3://bucket/prefix/.' % what)


def _check_events(s3):
	for pol in ('AutoImportPolicy', 'AutoExportPolicy'):
		ev = ((s3 or {}).get(pol) or {}).get('Events') or []
		if len(set(ev)) != len(ev):
			raise bad('%s.Events must not contain duplicates.' % pol)


def create_dra(store, body):
	fs = get_fs(store, body['FileSystemId'])
	_dra_capable(fs, 'Data repository association')
	if fs['Lifecycle'] not in ('AVAILABLE', 'UPDATING'):
		raise bad('File system %s is in lifecycle %s; it must be '
			  'AVAILABLE.' % (fs['FileSystemId'], fs['Lifecycle']))
	path = body.get('FileSystemPath')
	if path is None:
		raise bad('FileSystemPath is required for Amazon FSx for Lustre.')
	if not path.startswith('/'):
		raise bad('FileSystemPath must start with a forward slash (/).')
	repo = body['DataRepositoryPath']
	_check_s3(repo)
	_check_events(body.get('S3'))
	existing = fs_dras(store, fs['FileSystemId'])
	if len(existing) >= MAX_DRAS:
		raise bad('A file system can have at most %d data repository '
			  'associations.' % MAX_DRAS)
	for d in existing:
		if d['FileSystemPath'] == '/':
			raise bad('The file system already has a data repository '
				  "association with FileSystemPath '/'; it must be "
				  'the only one.')
		if path == '/' or _slash(path) == '/':
			raise bad("FileSystemPath '/' is only allowed for the first "
				  'data repository association of a file system.')
		if _overlap(path, d['FileSystemPath']):
			raise bad('FileSystemPath %s overlaps the path %s of data '
				  'repository association %s.' %
				  (path, d['FileSystemPath'], d['AssociationId']))
		if _overlap(repo, d['DataRepositoryPath']):
			raise bad('DataRepositoryPath %s overlaps the path %s of '
				  'data repository association %s.' %
				  (repo, d['DataRepositoryPath'],
				   d['AssociationId']))
	did = store.new_id('dra')
	fid = fs['FileSystemId']
	s3 = body.get('S3') or {}
	d = {
		'AssociationId': did,
		'ResourceARN': store.arn('association/%s/%s' % (fid, did)),
		'FileSystemId': fid,
		'Lifecycle': 'CREATING',
		'FileSystemPath': path,
		'DataRepositoryPath': repo,
		'BatchImportMetaDataOnCreate':
		body.get('BatchImportMetaDataOnCreate', False),
		'ImportedFileChunkSize': body.get('ImportedFileChunkSize', 1024),
		'S3': {'AutoImportPolicy': s3.get('AutoImportPolicy') or
		       {'Events': []},
		       'AutoExportPolicy': s3.get('AutoExportPolicy') or
		       {'Events': []}},
		'Tags': body.get('Tags', []),
		'CreationTime': round(store.clock.wall(), 3),
		'_due': store.clock.sim() + DURATIONS['dra_create'] *
		(2 if body.get('BatchImportMetaDataOnCreate') else 1),
	}
	store.dras[did] = d
	return {'Association': public(d)}, ('dra', did)


def describe_dras(store, body):
	if body.get('AssociationIds'):
		items = [(i, get_dra(store, i)) for i in body['AssociationIds']]
	else:
		items = list(store.dras.items())
		for f in body.get('Filters', []):
			items = _filter_dra(store, items, f)
	return store.paginate('DescribeDataRepositoryAssociations', items,
			      body, 'Associations')


def _filter_dra(store, items, f):
	vals = f.get('Values', [])
	name = f.get('Name')
	if name == 'file-system-id':
		for v in vals:
			get_fs(store, v)
		return [(i, d) for i, d in items if d['FileSystemId'] in vals]
	if name == 'data-repository-type':
		for v in vals:
			if v not in ('S3', 'NFS'):
				raise FsxError('InvalidDataRepositoryType',
					       'Invalid data repository type: %s.'
					       % v)
		return [(i, d) for i, d in items if 'S3' in vals]
	if name == 'file-cache-id':
		return []
	raise bad('Filter name %s is not supported for data repository '
		  'associations.' % name)


def update_dra(store, body):
	d = get_dra(store, body['AssociationId'])
	if d['Lifecycle'] != 'AVAILABLE':
		raise bad('Data repository association %s is in lifecycle %s; '
			  'it must be AVAILABLE to be updated.' %
			  (d['AssociationId'], d['Lifecycle']))
	if 'ImportedFileChunkSize' not in body and 'S3' not in body:
		raise bad('Specify ImportedFileChunkSize or S3 to update.')
	_check_events(body.get('S3'))
	if 'ImportedFileChunkSize' in body:
		d['ImportedFileChunkSize'] = body['ImportedFileChunkSize']
	for pol in ('AutoImportPolicy', 'AutoExportPolicy'):
		if pol in (body.get('S3') or {}):
			d['S3'][pol] = body['S3'][pol]
	d['Lifecycle'] = 'UPDATING'
	d['_due'] = store.clock.sim() + DURATIONS['dra_update']
	return {'Association': public(d)}, ('dra', d['AssociationId'])


def delete_dra(store, body):
	d = get_dra(store, body['AssociationId'])
	if d['Lifecycle'] == 'DELETING':
		raise bad('Data repository association %s is already being '
			  'deleted.' % d['AssociationId'])
	d['Lifecycle'] = 'DELETING'
	d['_due'] = store.clock.sim() + DURATIONS['dra_delete']
	out = {'AssociationId': d['AssociationId'], 'Lifecycle': 'DELETING'}
	if 'DeleteDataInFileSystem' in body:
		out['DeleteDataInFileSystem'] = body['DeleteDataInFileSystem']
	return out, None


def replay_dra(store, ref):
	d = store.dras.get(ref[1])
	return {'Association': public(d)} if d else None


# ---- tasks ----------------------------------------------------------------

def get_task(store, tid):
	t = store.tasks.get(tid)
	if t is None:
		raise FsxError('DataRepositoryTaskNotFound',
			       'Data repository task %s does not exist.' % tid)
	return t


def _task_paths(store, fs, body, dras):
	typ = body['Type']
	legacy = fs['LustreConfiguration'].get('DataRepositoryConfiguration')
	repos = [d['DataRepositoryPath'] for d in dras]
	if legacy:
		repos.append(legacy['ImportPath'])
	for p in body.get('Paths', []):
		if typ == 'IMPORT_METADATA_FROM_REPOSITORY':
			if not p.startswith('s3://') or \
			   not any(_slash(p).startswith(_slash(r)) or
				   _slash(r).startswith(_slash(p)) for r in repos):
				raise bad('Import path %s is not within a linked data '
					  'repository.' % p)
		elif p.startswith('s3://'):
			raise bad('Paths of a %s task are file system paths, not '
				  'S3 paths: %s' % (typ, p))
		elif typ == 'RELEASE_DATA_FROM_FILESYSTEM' and \
		     any(c in p for c in '*?['):
			raise bad('Release paths cannot contain wildcards: %s' % p)


def _task_report(fs, body, dras):
	rep = body['Report']
	if not rep.get('Enabled'):
		return
	for k in ('Path', 'Format', 'Scope'):
		if k not in rep:
			raise bad('Report.%s is required when the report is '
				  'enabled.' % k)
	legacy = fs['LustreConfiguration'].get('DataRepositoryConfiguration')
	path = rep['Path']
	_check_s3(path, 'Report.Path')
	if legacy:
		ok = _slash(path).startswith(_slash(legacy['ExportPath']))
	else:
		bucket = S3_RE.match(path).group(1)
		ok = any(S3_RE.match(d['DataRepositoryPath']).group(1) == bucket
			 for d in dras)
	if not ok:
		raise bad('Report.Path %s is not within a linked data repository.'
			  % path)


def create_task(store, body):
	fs = get_fs(store, body['FileSystemId'])
	typ = body['Type']
	if fs['FileSystemType'] != 'LUSTRE' or typ == 'AUTO_RELEASE_DATA':
		raise FsxError('UnsupportedOperation', 'Task type %s is not '
			       'supported for this file system.' % typ)
	if 'CapacityToRelease' in body:
		raise bad('CapacityToRelease is only supported for Amazon File '
			  'Cache.')
	if 'ReleaseConfiguration' in body and \
	   typ != 'RELEASE_DATA_FROM_FILESYSTEM':
		raise bad('ReleaseConfiguration is only valid for '
			  'RELEASE_DATA_FROM_FILESYSTEM tasks.')
	if typ == 'RELEASE_DATA_FROM_FILESYSTEM' and \
	   fs['FileSystemTypeVersion'] == '2.10':
		raise FsxError('UnsupportedOperation', 'Release tasks are not '
			       'supported on Lustre 2.10 file systems.')
	if fs['Lifecycle'] not in ('AVAILABLE', 'UPDATING'):
		raise bad('File system %s is in lifecycle %s.' %
			  (fs['FileSystemId'], fs['Lifecycle']))
	dras = [d for d in store.dras.values()
		if d['FileSystemId'] == fs['FileSystemId'] and
		d['Lifecycle'] in ('AVAILABLE', 'UPDATING')]
	if not dras and 'DataRepositoryConfiguration' not in \
	   fs['LustreConfiguration']:
		raise bad('File system %s is not linked to a data repository.'
			  % fs['FileSystemId'])
	_task_paths(store, fs, body, dras)
	_task_report(fs, body, dras)
	st = store.task_settings
	busy = [t for t in store.tasks.values()
		if t['FileSystemId'] == fs['FileSystemId'] and
		t['Lifecycle'] not in FINAL_TASK]
	if busy and not st['queue']:
		raise FsxError('DataRepositoryTaskExecuting', 'Data repository '
			       'task %s is executing on file system %s. Wait '
			       'for it to finish, then create the new task.' %
			       (busy[0]['TaskId'], fs['FileSystemId']))
	tid = store.new_id('task')
	now = store.clock.sim()
	start_after = max([now] + [t['_end_sim'] for t in busy])
	t = {
		'TaskId': tid, 'Lifecycle': 'PENDING', 'Type': typ,
		'CreationTime': round(store.clock.wall(), 3),
		'ResourceARN': store.arn('task/' + tid),
		'Tags': body.get('Tags', []),
		'FileSystemId': fs['FileSystemId'],
		'Paths': body.get('Paths', []),
		'Report': body['Report'],
		'ReleaseConfiguration': body.get('ReleaseConfiguration'),
		'_c': start_after, '_p': st['pending_seconds'],
		'_rate': max(float(st['rate']), 1e-9),
		'_total': int(st['total_files']),
		'_failed': min(int(st['failed_files']), int(st['total_files'])),
		'_msg': st['fail_message'], '_cancel': None,
		'_cancel_s': st['cancel_seconds'],
	}
	t['_end_sim'] = t['_c'] + t['_p'] + t['_total'] / t['_rate']
	store.tasks[tid] = t
	store.active_tasks.add(tid)
	return {'DataRepositoryTask': public(t)}, ('task', tid)


def advance_task(store, t, now):
	clock = store.clock
	start = t['_c'] + t['_p']
	cancel = t['_cancel']
	if cancel is not None and now >= cancel + t['_cancel_s']:
		if cancel > start and 'StartTime' not in t:
			_start(store, t, start)
		_progress(store, t, cancel)
		t['Lifecycle'] = 'CANCELED'
		t['EndTime'] = clock.stamp(cancel + t['_cancel_s'],
					   t['CreationTime'])
		return
	if now < start:
		return
	if 'StartTime' not in t:
		if cancel is not None and cancel <= start:
			return
		_start(store, t, start)
		if cancel is None:
			t['Lifecycle'] = 'EXECUTING'
	_progress(store, t, now if cancel is None else min(now, cancel))
	if cancel is None and now >= t['_end_sim']:
		t['Lifecycle'] = 'FAILED' if t['_failed'] or t['_msg'] else \
			'SUCCEEDED'
		t['EndTime'] = clock.stamp(t['_end_sim'], t['StartTime'])
		t['Status']['LastUpdatedTime'] = t['EndTime']
		if t['Lifecycle'] == 'FAILED':
			t['FailureDetails'] = {
				'Message': t['_msg'] or
				failure_message(t['_failed'])}


def _start(store, t, start):
	t['StartTime'] = store.clock.stamp(start, t['CreationTime'])
	t['Status'] = {'TotalCount': t['_total'], 'SucceededCount': 0,
		       'FailedCount': 0, 'LastUpdatedTime': t['StartTime']}


def _progress(store, t, upto):
	if 'Status' not in t:
		return
	start = t['_c'] + t['_p']
	total = t['_total']
	done = min(total, int((upto - start) * t['_rate'])) if upto > start \
		else 0
	failed = t['_failed'] * done // total if total else 0
	s = t['Status']
	if s['SucceededCount'] + s['FailedCount'] != done:
		s['SucceededCount'] = done - failed
		s['FailedCount'] = failed
		s['LastUpdatedTime'] = store.clock.stamp(
			start + done / t['_rate'], t['StartTime'])


def describe_tasks(store, body):
	if body.get('TaskIds'):
		items = [(i, get_task(store, i)) for i in body['TaskIds']]
	else:
		items = list(store.tasks.items())
		for f in body.get('Filters', []):
			items = _filter_task(store, items, f)
	return store.paginate('DescribeDataRepositoryTasks', items, body,
			      'DataRepositoryTasks')


LIFECYCLES = ('PENDING', 'EXECUTING', 'FAILED', 'SUCCEEDED', 'CANCELED',
	      'CANCELING')


def _filter_task(store, items, f):
	vals = f.get('Values', [])
	name = f.get('Name')
	if name == 'file-system-id':
		for v in vals:
			get_fs(store, v)
		return [(i, t) for i, t in items if t['FileSystemId'] in vals]
	if name == 'task-lifecycle':
		for v in vals:
			if v not in LIFECYCLES:
				raise bad('Invalid task-lifecycle filter value: %s.'
					  % v)
		return [(i, t) for i, t in items if t['Lifecycle'] in vals]
	if name == 'data-repository-association-id':
		fids = {d['FileSystemId'] for d in store.dras.values()
			if d['AssociationId'] in vals}
		return [(i, t) for i, t in items if t['FileSystemId'] in fids]
	return []


def cancel_task(store, body):
	t = get_task(store, body['TaskId'])
	if t['Lifecycle'] in FINAL_TASK:
		raise FsxError('DataRepositoryTaskEnded', 'Data repository task '
			       '%s has already ended (%s).' %
			       (t['TaskId'], t['Lifecycle']))
	if t['_cancel'] is None:
		t['_cancel'] = store.clock.sim()
		t['Lifecycle'] = 'CANCELING'
	return {'Lifecycle': t['Lifecycle'], 'TaskId': t['TaskId']}


def replay_task(store, ref):
	t = store.tasks.get(ref[1])
	return {'DataRepositoryTask': public(t)} if t else None
