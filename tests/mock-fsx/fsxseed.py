"""Seeding: realistic FileSystem objects (FSx has no CreateFileSystem
among the twelve operations), plus DRAs, finished tasks and backups.

Seed format (JSON), every key optional:
{
  "file_systems": [
    {"FileSystemId": "fs-0123456789abcdef0",     # else random fs-<17 hex>
     "DeploymentType": "PERSISTENT_2",           # or inside LustreConfiguration
     "StorageType": "SSD", "StorageCapacity": 2400,
     "PerUnitStorageThroughput": 250, "FileSystemTypeVersion": "2.15",
     "MountName": "abcdefgh", "MetadataIops": 3000, "EfaEnabled": false,
     "ImportPath": "s3://bucket/prefix",          # legacy link (no DRAs)
     "Lifecycle": "AVAILABLE", "Tags": [{"Key": "k", "Value": "v"}],
     "LustreConfiguration": {...},               # merged over the defaults
     "Dras": [{"FileSystemPath": "/ns1", "DataRepositoryPath": "s3://b/p/"}],
     "Tasks": 1000,                              # finished tasks to create
     "Backups": 2}                               # AVAILABLE user backups
  ]
}
"""

import copy

from fsxstate import auto_metadata_iops, public

THROUGHPUT = {
	('PERSISTENT_1', 'SSD'): 200, ('PERSISTENT_1', 'HDD'): 12,
	('PERSISTENT_2', 'SSD'): 250,
}
SHORTHAND_LUSTRE = ('DeploymentType', 'PerUnitStorageThroughput',
		    'MountName', 'EfaEnabled', 'DriveCacheType',
		    'DataCompressionType', 'AutomaticBackupRetentionDays',
		    'CopyTagsToBackups')

DEFAULT_SEED = {'file_systems': [
	{'FileSystemId': 'fs-0123456789abcdef0', 'DeploymentType':
	 'PERSISTENT_2', 'StorageCapacity': 2400, 'MountName': 'abcdefgh',
	 'PerUnitStorageThroughput': 250, 'FileSystemTypeVersion': '2.15',
	 'Tags': [{'Key': 'Name', 'Value': 'ml-training'}]},
	{'FileSystemId': 'fs-0123456789abcdef1', 'DeploymentType':
	 'SCRATCH_2', 'StorageCapacity': 1200, 'MountName': 'scratch2',
	 'FileSystemTypeVersion': '2.12'},
	{'FileSystemId': 'fs-0123456789abcdef2', 'DeploymentType':
	 'SCRATCH_1', 'StorageCapacity': 1200, 'MountName': 'fsx',
	 'FileSystemTypeVersion': '2.10'},
	{'FileSystemId': 'fs-0123456789abcdef3', 'DeploymentType':
	 'PERSISTENT_1', 'StorageType': 'HDD', 'StorageCapacity': 6000,
	 'PerUnitStorageThroughput': 12, 'MountName': 'hddaaaaa',
	 'FileSystemTypeVersion': '2.12'},
]}


def apply(store, spec):
	made = []
	for fspec in spec.get('file_systems', []):
		fs = make_fs(store, fspec)
		store.fs[fs['FileSystemId']] = fs
		made.append(fs['FileSystemId'])
		for d in fspec.get('Dras', []):
			seed_dra(store, fs, d)
		seed_tasks(store, fs, int(fspec.get('Tasks', 0)))
		for _ in range(int(fspec.get('Backups', 0))):
			seed_backup(store, fs)
	return made


def make_fs(store, spec):
	spec = copy.deepcopy(spec)
	lc_in = spec.pop('LustreConfiguration', {})
	for k in SHORTHAND_LUSTRE:
		if k in spec:
			lc_in[k] = spec.pop(k)
	dt = lc_in.get('DeploymentType', 'PERSISTENT_2')
	st = spec.get('StorageType', 'SSD')
	persistent = dt.startswith('PERSISTENT')
	cap = spec.get('StorageCapacity',
		       6000 if st == 'HDD' else 1200)
	fid = spec.get('FileSystemId') or store.new_id('fs')
	now = store.clock.wall()
	version = spec.get('FileSystemTypeVersion',
			   '2.10' if dt == 'SCRATCH_1' else '2.15')
	lc = {
		'WeeklyMaintenanceStartTime': '7:09:30',
		'DeploymentType': dt,
		'MountName': lc_in.get('MountName') or
		store.hexid(8).translate(str.maketrans('0123456789',
						       'ghijklmnop')),
		'CopyTagsToBackups': False,
		'DataCompressionType': 'NONE',
		'LogConfiguration': {'Level': 'DISABLED'},
		'RootSquashConfiguration': {'RootSquash': '0:0'},
	}
	if persistent:
		lc['PerUnitStorageThroughput'] = \
			THROUGHPUT.get((dt, st), 250)
		lc['DailyAutomaticBackupStartTime'] = '03:00'
		lc['AutomaticBackupRetentionDays'] = 0
	if dt == 'PERSISTENT_1' and st == 'HDD':
		lc['DriveCacheType'] = 'NONE'
	if dt == 'PERSISTENT_2':
		lc['EfaEnabled'] = False
		iops = spec.pop('MetadataIops', None)
		lc['MetadataConfiguration'] = (
			{'Iops': iops, 'Mode': 'USER_PROVISIONED'} if iops else
			{'Iops': auto_metadata_iops(cap), 'Mode': 'AUTOMATIC'})
	if 'ImportPath' in spec:
		imp = spec.pop('ImportPath').rstrip('/')
		lc['DataRepositoryConfiguration'] = {
			'Lifecycle': 'AVAILABLE', 'ImportPath': imp,
			'ExportPath': spec.pop('ExportPath', imp +
					       '/FSxLustre20261101T000000Z'),
			'ImportedFileChunkSize': 1024,
			'AutoImportPolicy': 'NONE'}
	lc.update(lc_in)
	fs = {
		'OwnerId': store.account,
		'CreationTime': round(spec.get('CreationTime', now - 86400), 3),
		'FileSystemId': fid,
		'FileSystemType': 'LUSTRE',
		'Lifecycle': spec.get('Lifecycle', 'AVAILABLE'),
		'StorageCapacity': cap,
		'StorageType': st,
		'VpcId': 'vpc-' + store.hexid(),
		'SubnetIds': ['subnet-' + store.hexid()],
		'NetworkInterfaceIds': ['eni-' + store.hexid(),
					'eni-' + store.hexid()],
		'DNSName': '%s.fsx.%s.amazonaws.com' % (fid, store.region),
		'ResourceARN': store.arn('file-system/' + fid),
		'Tags': spec.get('Tags', []),
		'LustreConfiguration': lc,
		'FileSystemTypeVersion': version,
		'NetworkType': 'IPV4',
		'AdministrativeActions': [],
		'_last_storage': None,
	}
	if persistent:
		fs['KmsKeyId'] = 'arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s' % (
			store.region, store.account, store.hexid(8),
			store.hexid(4), store.hexid(4), store.hexid(4),
			store.hexid(12))
	for k in ('VpcId', 'SubnetIds', 'NetworkInterfaceIds', 'KmsKeyId',
		  'OwnerId'):
		if k in spec:
			fs[k] = spec[k]
	return fs


def seed_dra(store, fs, d):
	did = d.get('AssociationId') or store.new_id('dra')
	fid = fs['FileSystemId']
	store.dras[did] = {
		'AssociationId': did,
		'ResourceARN': store.arn('association/%s/%s' % (fid, did)),
		'FileSystemId': fid,
		'Lifecycle': d.get('Lifecycle', 'AVAILABLE'),
		'FileSystemPath': d.get('FileSystemPath', '/'),
		'DataRepositoryPath': d['DataRepositoryPath'],
		'BatchImportMetaDataOnCreate':
		d.get('BatchImportMetaDataOnCreate', False),
		'ImportedFileChunkSize': d.get('ImportedFileChunkSize', 1024),
		'S3': d.get('S3', {'AutoImportPolicy': {'Events': []},
				   'AutoExportPolicy': {'Events': []}}),
		'Tags': d.get('Tags', []),
		'CreationTime': round(store.clock.wall() - 3600, 3),
		'_due': 0,
	}
	return did


def seed_tasks(store, fs, n):
	"""n finished tasks, oldest first, one minute apart, ending an hour
	ago; every tenth FAILED with some failed files."""
	now = store.clock.wall()
	fid = fs['FileSystemId']
	for i in range(n):
		tid = store.new_id('task')
		created = round(now - 3600 - 60 * (n - i), 3)
		total = 100 + (i % 7) * 10
		failed = 3 if i % 10 == 9 else 0
		t = {
			'TaskId': tid,
			'Lifecycle': 'FAILED' if failed else 'SUCCEEDED',
			'Type': ('EXPORT_TO_REPOSITORY',
				 'IMPORT_METADATA_FROM_REPOSITORY')[i % 2],
			'CreationTime': created,
			'StartTime': created + 5,
			'EndTime': created + 35,
			'ResourceARN': store.arn('task/' + tid),
			'Tags': [],
			'FileSystemId': fid,
			'Paths': [],
			'Status': {'TotalCount': total,
				   'SucceededCount': total - failed,
				   'FailedCount': failed,
				   'LastUpdatedTime': created + 35},
			'Report': {'Enabled': False},
		}
		if failed:
			t['FailureDetails'] = {'Message': failure_message(failed)}
		store.tasks[tid] = t


def failure_message(n):
	return ('%d file(s) failed to be processed. See the completion '
		'report for details.' % n)


def seed_backup(store, fs):
	bid = store.new_id('backup')
	snap = public(fs)
	snap.pop('AdministrativeActions', None)
	store.backups[bid] = {
		'BackupId': bid, 'Lifecycle': 'AVAILABLE',
		'Type': 'USER_INITIATED', 'ProgressPercent': 100,
		'CreationTime': round(store.clock.wall() - 7200, 3),
		'KmsKeyId': fs.get('KmsKeyId'),
		'ResourceARN': store.arn('backup/' + bid),
		'Tags': [], 'FileSystem': snap, 'OwnerId': store.account,
		'ResourceType': 'FILE_SYSTEM', '_c': 0,
		'_fs': fs['FileSystemId'],
	}
	return bid
