"""State of the FSx stand-in: clock, store, ids, paging, idempotency.

Resources are plain dicts shaped like the API's output structures;
members whose name starts with '_' are internal and never sent.
Lifecycles advance lazily: Store.advance() runs before every call and
applies the transitions whose (simulated) due time has passed.
"""

import base64
import copy
import hashlib
import json
import math
import random
import threading
import time

FINAL_TASK = ('SUCCEEDED', 'FAILED', 'CANCELED')
ACTIVE_BACKUP = ('PENDING', 'CREATING', 'TRANSFERRING')

# Simulated durations in seconds (divided by --time-scale in real time).
DURATIONS = {
	'dra_create': 120, 'dra_update': 60, 'dra_delete': 60,
	'fs_update_light': 20, 'fs_update_heavy': 600,
	'fs_update_version': 1800, 'storage_optimization': 3600,
	'backup_pending': 10, 'backup_creating': 60, 'backup_transfer': 60,
	'storage_spacing': 6 * 3600,
}

# Page size when MaxResults is absent, and the most a page ever holds
# (the model's list maximum for the result member, §2.6).
PAGE_CAP = {
	'DescribeFileSystems': 50, 'DescribeBackups': 50,
	'DescribeDataRepositoryTasks': 50,
	'DescribeDataRepositoryAssociations': 25,
}


class FsxError(Exception):
	def __init__(self, code, message, status=400, **extra):
		super().__init__(message)
		self.code = code
		self.message = message
		self.status = status
		self.extra = extra


def bad(message):
	return FsxError('BadRequest', message)


class Clock:
	"""wall(): the server's clock (Date header, signatures, timestamps),
	real time plus an injectable skew.  sim(): the clock lifecycles run
	on, `scale` times faster than real time, movable by advance()."""

	def __init__(self, scale=1.0):
		self.scale = float(scale)
		self.skew = 0.0
		self._w0 = time.time()
		self._s0 = self._w0

	def wall(self):
		return time.time() + self.skew

	def sim(self):
		return self._s0 + (time.time() - self._w0) * self.scale

	def set_scale(self, scale):
		self._s0 = self.sim()
		self._w0 = time.time()
		self.scale = float(scale)

	def advance(self, seconds):
		self._s0 += float(seconds)

	def stamp(self, sim_t, floor=None):
		"""Wall time at which the sim clock reached sim_t (rounded to ms).
		A frozen clock (scale 0, moved only by advance) maps sim
		seconds 1:1 back from now."""
		t = self.wall() - max(0.0, self.sim() - sim_t) / \
			(self.scale if self.scale > 0 else 1.0)
		if floor is not None:
			t = max(t, floor)
		return round(t, 3)


def public(obj):
	"""Deep copy without internal ('_') or None members, nor empty
	Tags (the model's Tags list has at least one element)."""
	if isinstance(obj, dict):
		return {k: public(v) for k, v in obj.items()
			if not k.startswith('_') and v is not None and
			not (k == 'Tags' and v == [])}
	if isinstance(obj, list):
		return [public(v) for v in obj]
	return obj


class Store:
	def __init__(self, region='us-east-1', account='123456789012',
		     scale=1.0, id_seed=None):
		self.region = region
		self.account = account
		self.clock = Clock(scale)
		self.lock = threading.RLock()
		self.rand = random.Random(id_seed)
		self.fs = {}
		self.dras = {}
		self.tasks = {}
		self.backups = {}
		self.active_tasks = set()
		self.tokens = {}
		self.task_settings = {
			'total_files': 1000, 'failed_files': 0, 'rate': 100.0,
			'pending_seconds': 10.0, 'cancel_seconds': 5.0,
			'queue': False, 'fail_message': None}
		self.quotas = {'TOTAL_STORAGE': 100800,
			       'TOTAL_USER_INITIATED_BACKUPS': 500}
		self.page_cap = dict(PAGE_CAP)

	# ---- ids, arns -------------------------------------------------
	def hexid(self, n=17):
		return ''.join(self.rand.choice('0123456789abcdef')
			       for _ in range(n))

	def new_id(self, prefix):
		return '%s-%s' % (prefix, self.hexid())

	def arn(self, rest):
		part = 'aws-cn' if self.region.startswith('cn-') else \
			'aws-us-gov' if self.region.startswith('us-gov-') else 'aws'
		return 'arn:%s:fsx:%s:%s:%s' % (part, self.region, self.account,
						rest)

	# ---- pagination --------------------------------------------------
	def paginate(self, op, items, body, key):
		"""items: list of (id, obj) in a stable order."""
		cap = self.page_cap[op]
		n = min(body.get('MaxResults') or cap, cap)
		fkey = hashlib.sha256(json.dumps(
			{k: v for k, v in body.items()
			 if k not in ('NextToken', 'MaxResults')},
			sort_keys=True).encode()).hexdigest()[:12]
		start = 0
		if body.get('NextToken'):
			start = self._token_start(op, body['NextToken'], fkey,
						  items)
		page = items[start:start + n]
		out = {key: [public(o) for _, o in page]}
		if start + n < len(items):
			tok = {'v': 1, 'op': op, 'f': fkey, 'i': start + n,
			       'a': page[-1][0]}
			out['NextToken'] = base64.b64encode(json.dumps(
				tok, separators=(',', ':')).encode()).decode()
		return out

	def _token_start(self, op, token, fkey, items):
		try:
			tok = json.loads(base64.b64decode(token, validate=True))
			ok = tok['v'] == 1 and tok['op'] == op and tok['f'] == fkey
			idx, after = int(tok['i']), tok['a']
		except (ValueError, KeyError, TypeError):
			ok = False
		if not ok:
			raise bad('Invalid NextToken: the token is not valid for '
				  'this request.')
		ids = [i for i, _ in items]
		if after in ids:
			return ids.index(after) + 1
		return min(idx, len(items))

	# ---- idempotency ---------------------------------------------------
	def idempotent(self, op, body, run, replay):
		"""run() -> (response, ref); replay(ref) -> response or None."""
		tok = body.get('ClientRequestToken')
		if tok is None:
			return run()[0]
		params = {k: v for k, v in body.items()
			  if k != 'ClientRequestToken'}
		prev = self.tokens.get((op, tok))
		if prev is not None:
			old_params, response, ref = prev
			if old_params != params:
				names = sorted(set(old_params) | set(params))
				diff = [k for k in names
					if old_params.get(k) != params.get(k)]
				raise FsxError(
					'IncompatibleParameterError',
					'The client request token %s was already used '
					'with different parameters (%s).' %
					(tok, diff[0]), Parameter=diff[0])
			again = replay(ref) if ref is not None else None
			return again if again is not None else copy.deepcopy(response)
		response, ref = run()
		self.tokens[(op, tok)] = (copy.deepcopy(params),
					  copy.deepcopy(response), ref)
		return response

	# ---- seeding ---------------------------------------------------------
	def seed(self, spec):
		import fsxseed
		return fsxseed.apply(self, spec)

	# ---- lifecycles ----------------------------------------------------
	def advance(self):
		now = self.clock.sim()
		for fs in self.fs.values():
			self._advance_fs(fs, now)
		for dra_id in [d for d, o in self.dras.items()
			       if o['Lifecycle'] in ('CREATING', 'UPDATING',
						     'DELETING')]:
			self._advance_dra(self.dras[dra_id], now)
		for tid in list(self.active_tasks):
			self._advance_task(self.tasks[tid], now)
		for b in self.backups.values():
			if b['Lifecycle'] in ACTIVE_BACKUP:
				self._advance_backup(b, now)

	def _advance_dra(self, d, now):
		if now < d['_due']:
			return
		if d['Lifecycle'] == 'DELETING':
			del self.dras[d['AssociationId']]
			return
		d['Lifecycle'] = 'AVAILABLE'

	def _advance_backup(self, b, now):
		c = b['_c']
		p = c + DURATIONS['backup_pending']
		cr = p + DURATIONS['backup_creating']
		tr = cr + DURATIONS['backup_transfer']
		if now < p:
			return
		if now < cr:
			b['Lifecycle'] = 'CREATING'
			b['ProgressPercent'] = int(100 * (now - p) /
						   DURATIONS['backup_creating'])
		elif now < tr:
			b['Lifecycle'] = 'TRANSFERRING'
			b['ProgressPercent'] = 100
		else:
			b['Lifecycle'] = 'AVAILABLE'
			b['ProgressPercent'] = 100

	def _advance_fs(self, fs, now):
		for a in fs.get('AdministrativeActions', []):
			if a['Status'] not in ('PENDING', 'IN_PROGRESS',
					       'UPDATED_OPTIMIZING'):
				continue
			if a['AdministrativeActionType'] == 'FILE_SYSTEM_UPDATE':
				self._finish_update(fs, a, now)
			elif a['AdministrativeActionType'] == \
			     'STORAGE_OPTIMIZATION':
				self._optimize(fs, a, now)

	def _finish_update(self, fs, a, now):
		if a['Status'] == 'UPDATED_OPTIMIZING' or now < a['_due']:
			return
		target = a['TargetFileSystemValues']
		if 'StorageCapacity' in target:
			fs['StorageCapacity'] = target['StorageCapacity']
		if 'FileSystemTypeVersion' in target:
			fs['FileSystemTypeVersion'] = \
				target['FileSystemTypeVersion']
		lc = fs['LustreConfiguration']
		for k, v in target.get('LustreConfiguration', {}).items():
			lc[k] = v
		fs['Lifecycle'] = 'AVAILABLE'
		if a.get('_optimize'):
			a['Status'] = 'UPDATED_OPTIMIZING'
			fs['AdministrativeActions'].append({
				'AdministrativeActionType': 'STORAGE_OPTIMIZATION',
				'ProgressPercent': 0,
				'RequestTime': a['RequestTime'],
				'Status': 'IN_PROGRESS',
				'_start': a['_due'], '_parent': a})
		else:
			a['Status'] = 'COMPLETED'
			a.pop('ProgressPercent', None)

	def _optimize(self, fs, a, now):
		span = DURATIONS['storage_optimization']
		pct = int(100 * (now - a['_start']) / span)
		if pct < 100:
			a['ProgressPercent'] = max(0, pct)
			return
		a['ProgressPercent'] = 100
		a['Status'] = 'COMPLETED'
		a['_parent']['Status'] = 'COMPLETED'

	# task lifecycle: see fsxrepo.advance_task
	def _advance_task(self, t, now):
		import fsxrepo
		fsxrepo.advance_task(self, t, now)
		if t['Lifecycle'] in FINAL_TASK:
			self.active_tasks.discard(t['TaskId'])


def auto_metadata_iops(capacity):
	"""Metadata IOPS FSx provisions in AUTOMATIC mode for PERSISTENT_2
	SSD (best guess from the Lustre guide; unconfirmed, README.md)."""
	if capacity <= 1200:
		return 1500
	if capacity <= 2400:
		return 3000
	if capacity <= 9600:
		return 6000
	if capacity <= 45600:
		return 12000
	return min(192000, 12000 * math.ceil(capacity / 24000))
