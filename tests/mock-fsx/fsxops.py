"""The twelve FSx operations: dispatch, idempotency tokens, lifecycles."""

import fsxfs
import fsxrepo

# operation -> (handler, replay for ClientRequestToken or None)
OPS = {
	'CreateDataRepositoryAssociation':
	(fsxrepo.create_dra, fsxrepo.replay_dra),
	'DescribeDataRepositoryAssociations': (fsxrepo.describe_dras, None),
	'UpdateDataRepositoryAssociation':
	(fsxrepo.update_dra, fsxrepo.replay_dra),
	'DeleteDataRepositoryAssociation':
	(fsxrepo.delete_dra, fsxrepo.replay_dra),
	'CreateDataRepositoryTask': (fsxrepo.create_task, fsxrepo.replay_task),
	'DescribeDataRepositoryTasks': (fsxrepo.describe_tasks, None),
	'CancelDataRepositoryTask': (fsxrepo.cancel_task, None),
	'DescribeFileSystems': (fsxfs.describe_fs, None),
	'UpdateFileSystem': (fsxfs.update_fs, fsxfs.replay_fs),
	'CreateBackup': (fsxfs.create_backup, fsxfs.replay_backup),
	'DescribeBackups': (fsxfs.describe_backups, None),
	'DeleteBackup': (fsxfs.delete_backup, fsxfs.replay_backup),
}


def call(store, op, body):
	"""Run one validated request; returns the response dict or raises
	FsxError."""
	fn, replay = OPS[op]
	with store.lock:
		store.advance()
		if replay is None:
			return fn(store, body)
		return store.idempotent(op, body, lambda: fn(store, body),
					lambda ref: replay(store, ref))
