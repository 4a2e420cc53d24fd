"""File systems (Describe/Update) and backups (§2.2, §3 R16-R27)."""

import copy

from fsxrepo import get_fs
from fsxstate import (ACTIVE_BACKUP, DURATIONS, FsxError, auto_metadata_iops,
		      bad, public)

PUT = {('PERSISTENT_1', 'SSD'): (50, 100, 200),
       ('PERSISTENT_1', 'HDD'): (12, 40),
       ('PERSISTENT_2', 'SSD'): (125, 250, 500, 1000)}
EFA_STEP = {125: 38400, 250: 19200, 500: 9600, 1000: 4800}
BUSY = ('PENDING', 'IN_PROGRESS')


def describe_fs(store, body):
	if body.get('FileSystemIds'):
		items = [(i, get_fs(store, i)) for i in body['FileSystemIds']]
	else:
		items = list(store.fs.items())
	return store.paginate('DescribeFileSystems', items, body,
			      'FileSystems')


def storage_step(fs):
	lc = fs['LustreConfiguration']
	put = lc.get('PerUnitStorageThroughput')
	if lc.get('EfaEnabled'):
		return EFA_STEP.get(put, 2400)
	if fs['StorageType'] == 'HDD':
		return 6000 if put == 12 else 1800
	return 2400


def _storage(store, fs, new, target):
	lc = fs['LustreConfiguration']
	cur = fs['StorageCapacity']
	if lc['DeploymentType'] == 'SCRATCH_1':
		raise FsxError('UnsupportedOperation', 'Storage capacity cannot '
			       'be increased on SCRATCH_1 file systems.')
	if fs['StorageType'] == 'INTELLIGENT_TIERING':
		raise bad('StorageCapacity does not apply to INTELLIGENT_TIERING '
			  'file systems.')
	if new <= cur:
		raise bad('The requested storage capacity (%d GiB) must be '
			  'greater than the current storage capacity (%d GiB).'
			  % (new, cur))
	step = storage_step(fs)
	if new % step:
		raise bad('Storage capacity of this file system can only be '
			  'increased in multiples of %d GiB.' % step)
	for a in fs['AdministrativeActions']:
		if a['AdministrativeActionType'] == 'STORAGE_OPTIMIZATION' and \
		   a['Status'] in BUSY:
			raise bad('A storage capacity increase is already in '
				  'progress (storage optimization %d%%).' %
				  a.get('ProgressPercent', 0))
	last = fs.get('_last_storage')
	if last is not None and store.clock.sim() - last < \
	   DURATIONS['storage_spacing']:
		raise bad('You can only increase the storage capacity of a file '
			  'system once every 6 hours.')
	total = sum(f['StorageCapacity'] for f in store.fs.values())
	if total - cur + new > store.quotas['TOTAL_STORAGE']:
		raise FsxError('ServiceLimitExceeded', 'Total storage capacity '
			       'would exceed the account quota of %d GiB.' %
			       store.quotas['TOTAL_STORAGE'],
			       Limit='TOTAL_STORAGE')
	target['StorageCapacity'] = new


def _throughput(fs, put, tlc):
	lc = fs['LustreConfiguration']
	key = (lc['DeploymentType'], fs['StorageType'])
	if key not in PUT:
		raise bad('PerUnitStorageThroughput does not apply to %s file '
			  'systems.' % lc['DeploymentType'])
	if fs['StorageType'] != 'SSD':
		raise bad('Throughput capacity can only be changed on persistent '
			  'SSD file systems.')
	if put not in PUT[key]:
		raise bad('PerUnitStorageThroughput must be one of %s for %s SSD.'
			  % ('/'.join(map(str, PUT[key])), key[0]))
	if put == lc.get('PerUnitStorageThroughput'):
		raise bad('PerUnitStorageThroughput is already %d.' % put)
	tlc['PerUnitStorageThroughput'] = put


def _valid_iops(fs, iops):
	if fs['StorageType'] == 'INTELLIGENT_TIERING':
		return iops in (6000, 12000)
	return iops in (1500, 3000, 6000, 12000) or \
		(iops % 12000 == 0 and 12000 <= iops <= 192000)


def _metadata(fs, req, tlc, cap):
	lc = fs['LustreConfiguration']
	cur = lc.get('MetadataConfiguration')
	if lc['DeploymentType'] != 'PERSISTENT_2' or cur is None:
		raise bad('MetadataConfiguration is only supported on '
			  'PERSISTENT_2 file systems.')
	if fs['FileSystemTypeVersion'] != '2.15':
		raise bad('Metadata configuration requires Lustre version 2.15.')
	mode, iops = req.get('Mode'), req.get('Iops')
	if mode == 'AUTOMATIC':
		if iops is not None:
			raise bad('Iops must not be specified when Mode is '
				  'AUTOMATIC.')
		if fs['StorageType'] == 'INTELLIGENT_TIERING':
			raise bad('AUTOMATIC metadata mode is not supported on '
				  'INTELLIGENT_TIERING file systems.')
		if cur['Iops'] > auto_metadata_iops(cap):
			raise bad('Cannot switch to AUTOMATIC mode: the current '
				  '%d IOPS exceed the automatic value %d.' %
				  (cur['Iops'], auto_metadata_iops(cap)))
		tlc['MetadataConfiguration'] = {
			'Iops': auto_metadata_iops(cap), 'Mode': 'AUTOMATIC'}
		return
	if iops is None:
		raise bad('Iops is required when Mode is USER_PROVISIONED.')
	if mode is None and cur['Mode'] == 'AUTOMATIC':
		raise bad('Specify Mode USER_PROVISIONED to set Iops on a file '
			  'system in AUTOMATIC mode.')
	if not _valid_iops(fs, iops):
		raise bad('Metadata Iops must be 1500, 3000, 6000, 12000 or a '
			  'multiple of 12000 up to 192000.')
	if iops < cur['Iops']:
		raise bad('Metadata Iops cannot be decreased (current %d).' %
			  cur['Iops'])
	if iops == cur['Iops'] and cur['Mode'] == 'USER_PROVISIONED':
		raise bad('Metadata Iops is already %d.' % iops)
	tlc['MetadataConfiguration'] = {'Iops': iops,
					'Mode': 'USER_PROVISIONED'}


def _lustre(store, fs, req, target):
	"""Validate the UpdateFileSystemLustreConfiguration members; return
	(target LustreConfiguration, heavy?)."""
	lc = fs['LustreConfiguration']
	dt = lc['DeploymentType']
	persistent = dt.startswith('PERSISTENT')
	tlc = {}
	heavy = False
	for k in ('WeeklyMaintenanceStartTime', 'DataCompressionType'):
		if k in req:
			tlc[k] = req[k]
	for k in ('DailyAutomaticBackupStartTime',
		  'AutomaticBackupRetentionDays'):
		if k in req:
			if not persistent:
				raise bad('Automatic backups are not supported on '
					  'scratch file systems.')
			tlc[k] = req[k]
	if 'AutoImportPolicy' in req:
		legacy = lc.get('DataRepositoryConfiguration')
		if not legacy:
			raise bad('AutoImportPolicy applies only to file systems '
				  'linked with ImportPath; use data repository '
				  'associations instead.')
		tlc['DataRepositoryConfiguration'] = dict(
			legacy, AutoImportPolicy=req['AutoImportPolicy'])
	if 'LogConfiguration' in req:
		tlc['LogConfiguration'] = _log(store, fs, req['LogConfiguration'])
	if 'RootSquashConfiguration' in req:
		tlc['RootSquashConfiguration'] = dict(
			lc.get('RootSquashConfiguration', {}),
			**req['RootSquashConfiguration'])
	if 'PerUnitStorageThroughput' in req:
		_throughput(fs, req['PerUnitStorageThroughput'], tlc)
		heavy = True
	if 'MetadataConfiguration' in req:
		_metadata(fs, req['MetadataConfiguration'], tlc,
			  target.get('StorageCapacity', fs['StorageCapacity']))
		heavy = True
	for k in ('ThroughputCapacity', 'DataReadCacheConfiguration'):
		if k in req and fs['StorageType'] != 'INTELLIGENT_TIERING':
			raise bad('%s applies only to INTELLIGENT_TIERING file '
				  'systems.' % k)
	return tlc, heavy


def _log(store, fs, req):
	level, dest = req['Level'], req.get('Destination')
	if level == 'DISABLED':
		if dest:
			raise bad('Destination must not be set when logging is '
				  'DISABLED.')
		return {'Level': 'DISABLED'}
	if dest is None:
		dest = 'arn:aws:logs:%s:%s:log-group:/aws/fsx/lustre' % (
			store.region, store.account)
	elif ':log-group:/aws/fsx' not in dest:
		raise bad('The log group name in Destination must begin with '
			  '/aws/fsx.')
	return {'Level': level, 'Destination': dest}


def update_fs(store, body):
	fs = get_fs(store, body['FileSystemId'])
	for k in ('WindowsConfiguration', 'OntapConfiguration',
		  'OpenZFSConfiguration', 'NetworkType'):
		if k in body:
			raise bad('%s is not valid for an Amazon FSx for Lustre '
				  'file system.' % k)
	req = body.get('LustreConfiguration') or {}
	if not req and not any(k in body for k in (
		'StorageCapacity', 'StorageType', 'FileSystemTypeVersion')):
		raise bad('No update parameters were specified.')
	if 'StorageType' in body:
		raise FsxError('UnsupportedOperation', 'Changing the storage '
			       'type is not supported for Amazon FSx for '
			       'Lustre.')
	busy = [a for a in fs['AdministrativeActions']
		if a['AdministrativeActionType'] == 'FILE_SYSTEM_UPDATE' and
		a['Status'] in BUSY]
	if fs['Lifecycle'] != 'AVAILABLE' or busy:
		raise bad('File system %s cannot be updated now: it is %s%s.' %
			  (fs['FileSystemId'], fs['Lifecycle'],
			   ' with an update in progress' if busy else ''))
	target = {}
	dur = DURATIONS['fs_update_light']
	if 'StorageCapacity' in body:
		_storage(store, fs, body['StorageCapacity'], target)
		dur = DURATIONS['fs_update_heavy']
	if 'FileSystemTypeVersion' in body:
		v = body['FileSystemTypeVersion']
		if v not in ('2.12', '2.15') or \
		   tuple(map(int, v.split('.'))) <= \
		   tuple(map(int, fs['FileSystemTypeVersion'].split('.'))):
			raise bad('FileSystemTypeVersion must be 2.12 or 2.15 and '
				  'newer than the current version %s.' %
				  fs['FileSystemTypeVersion'])
		target['FileSystemTypeVersion'] = v
		dur = max(dur, DURATIONS['fs_update_version'])
	tlc, heavy = _lustre(store, fs, req, target)
	if heavy:
		dur = max(dur, DURATIONS['fs_update_heavy'])
	if tlc:
		target['LustreConfiguration'] = tlc
	if 'StorageCapacity' in target:
		fs['_last_storage'] = store.clock.sim()
	if 'StorageCapacity' in target or 'FileSystemTypeVersion' in target \
	   or heavy:
		fs['Lifecycle'] = 'UPDATING'
	acts = fs['AdministrativeActions']
	acts.append({
		'AdministrativeActionType': 'FILE_SYSTEM_UPDATE',
		'RequestTime': round(store.clock.wall(), 3),
		'Status': 'IN_PROGRESS',
		'TargetFileSystemValues': copy.deepcopy(target),
		'_due': store.clock.sim() + dur,
		'_optimize': 'StorageCapacity' in target})
	while len(acts) > 50:
		acts.pop(0)
	return {'FileSystem': public(fs)}, ('fs', fs['FileSystemId'])


def replay_fs(store, ref):
	fs = store.fs.get(ref[1])
	return {'FileSystem': public(fs)} if fs else None


# ---- backups ------------------------------------------------------------

def create_backup(store, body):
	if 'VolumeId' in body:
		raise FsxError('VolumeNotFound', 'Volume %s does not exist.' %
			       body['VolumeId'])
	if 'FileSystemId' not in body:
		raise bad('Specify FileSystemId or VolumeId.')
	fs = get_fs(store, body['FileSystemId'])
	lc = fs['LustreConfiguration']
	if not lc['DeploymentType'].startswith('PERSISTENT'):
		raise FsxError('UnsupportedOperation', 'Backups are not '
			       'supported for scratch file systems.')
	if 'DataRepositoryConfiguration' in lc:
		raise FsxError('UnsupportedOperation', 'Backups are not '
			       'supported for file systems linked to a data '
			       'repository with ImportPath.')
	if fs['Lifecycle'] != 'AVAILABLE':
		raise bad('File system %s is %s; backups need an AVAILABLE file '
			  'system.' % (fs['FileSystemId'], fs['Lifecycle']))
	for b in store.backups.values():
		if b['_fs'] == fs['FileSystemId'] and \
		   b['Lifecycle'] in ACTIVE_BACKUP:
			raise FsxError('BackupInProgress', 'Backup %s of file '
				       'system %s is in progress.' %
				       (b['BackupId'], fs['FileSystemId']))
	users = sum(1 for b in store.backups.values()
		    if b['Type'] == 'USER_INITIATED')
	if users >= store.quotas['TOTAL_USER_INITIATED_BACKUPS']:
		raise FsxError('ServiceLimitExceeded', 'Too many user-initiated '
			       'backups.', Limit='TOTAL_USER_INITIATED_BACKUPS')
	tags = body.get('Tags')
	if tags is None:
		tags = fs['Tags'] if lc.get('CopyTagsToBackups') else []
	bid = store.new_id('backup')
	snap = public(fs)
	snap.pop('AdministrativeActions', None)
	b = {
		'BackupId': bid, 'Lifecycle': 'PENDING',
		'Type': 'USER_INITIATED', 'ProgressPercent': 0,
		'CreationTime': round(store.clock.wall(), 3),
		'KmsKeyId': fs.get('KmsKeyId'),
		'ResourceARN': store.arn('backup/' + bid), 'Tags': tags,
		'FileSystem': snap, 'OwnerId': store.account,
		'ResourceType': 'FILE_SYSTEM',
		'_c': store.clock.sim(), '_fs': fs['FileSystemId'],
	}
	store.backups[bid] = b
	return {'Backup': public(b)}, ('backup', bid)


def replay_backup(store, ref):
	b = store.backups.get(ref[1])
	return {'Backup': public(b)} if b else None


def get_backup(store, bid):
	b = store.backups.get(bid)
	if b is None:
		raise FsxError('BackupNotFound', 'Backup %s does not exist.' % bid)
	return b


def describe_backups(store, body):
	if body.get('BackupIds'):
		items = [(i, get_backup(store, i)) for i in body['BackupIds']]
	else:
		items = list(store.backups.items())
		for f in body.get('Filters', []):
			items = _filter_backup(items, f)
	return store.paginate('DescribeBackups', items, body, 'Backups')


def _filter_backup(items, f):
	vals = f.get('Values', [])
	name = f.get('Name')
	if name == 'file-system-id':
		return [(i, b) for i, b in items if b['_fs'] in vals]
	if name == 'backup-type':
		return [(i, b) for i, b in items if b['Type'] in vals]
	if name == 'file-system-type':
		return [(i, b) for i, b in items
			if b['FileSystem'].get('FileSystemType') in vals]
	if name == 'volume-id':
		return []
	raise bad('Filter name %s is not supported for backups.' % name)


def delete_backup(store, body):
	b = get_backup(store, body['BackupId'])
	if b['Lifecycle'] in ACTIVE_BACKUP:
		raise FsxError('BackupInProgress', 'Backup %s is still being '
			       'created (%s).' % (b['BackupId'], b['Lifecycle']))
	del store.backups[b['BackupId']]
	return {'BackupId': b['BackupId'], 'Lifecycle': 'DELETED'}, None
