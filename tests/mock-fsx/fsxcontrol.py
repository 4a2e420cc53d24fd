"""Shared server context and the unsigned loopback control endpoint.

POST /__control with a JSON object {"action": NAME, ...}; GET /__log,
/__state, /__health.  README.md documents every action.
"""

import json
import threading
import urllib.parse

import fsxauth
import fsxseed
from fsxstate import DURATIONS, Store, public

FAULT_MODES = ('throttle', 'error', 'reset', 'delay', 'drop', 'truncate',
	       'malformed', 'access-denied', 'code')


class Context:
	def __init__(self, args):
		self.args = args
		self.verbose = args.verbose
		self.allow_unknown = args.allow_unknown_members
		self.require_target = not args.no_require_signed_target
		self.registry = fsxauth.Registry(args.moto)
		self.lock = threading.Lock()
		self.faults = []
		self.log = []
		self.seq = 0
		self.logfile = open(args.log, 'a') if args.log else None
		self.error_style = {'type': 'bare', 'message_key': 'auto',
				    'header': True}
		self.store = None
		self.reset()

	def initial_seed(self):
		a = self.args
		if a.seed == 'none':
			return {}
		if a.seed == 'default':
			return json.loads(json.dumps(fsxseed.DEFAULT_SEED))
		with open(a.seed) as f:
			return json.load(f)

	def reset(self):
		a = self.args
		old = self.store
		self.store = Store(a.region, a.account, a.time_scale, a.id_seed)
		if old is not None:
			self.store.clock.skew = old.clock.skew
		spec = self.initial_seed()
		if a.tasks and spec.get('file_systems'):
			fs0 = spec['file_systems'][0]
			fs0['Tasks'] = fs0.get('Tasks', 0) + a.tasks
		self.store.seed(spec)
		with self.lock:
			self.faults = []

	def record(self, entry):
		with self.lock:
			self.seq += 1
			entry['seq'] = self.seq
			self.log.append(entry)
			if self.logfile:
				self.logfile.write(json.dumps(entry) + '\n')
				self.logfile.flush()

	def take_fault(self, op):
		with self.lock:
			for f in self.faults:
				if f.get('ops') and op not in f['ops']:
					continue
				if f.get('skip', 0) > 0:
					f['skip'] -= 1
					continue
				f['count'] -= 1
				if f['count'] <= 0:
					self.faults.remove(f)
				return dict(f)
		return None

	def close(self):
		if self.logfile:
			self.logfile.close()


def get(ctx, path):
	url = urllib.parse.urlsplit(path)
	q = urllib.parse.parse_qs(url.query)
	if url.path == '/__health':
		return 200, {'ok': True}
	if url.path == '/__log':
		since = int(q.get('since', ['0'])[0])
		with ctx.lock:
			return 200, [e for e in ctx.log if e['seq'] > since]
	if url.path == '/__state':
		s = ctx.store
		with s.lock:
			s.advance()
			return 200, {
				'file_systems': public(list(s.fs.values())),
				'associations': public(list(s.dras.values())),
				'tasks': public(list(s.tasks.values())),
				'backups': public(list(s.backups.values())),
				'faults': ctx.faults,
				'clock': {'wall': s.clock.wall(), 'sim': s.clock.sim(),
					  'scale': s.clock.scale,
					  'skew': s.clock.skew}}
	return 404, {'error': 'no such control path'}


def post(ctx, raw):
	try:
		req = json.loads(raw or b'{}')
		action = req.pop('action')
		fn = ACTIONS[action]
	except (ValueError, KeyError, AttributeError) as e:
		return 400, {'error': 'bad control request: %s' % e,
			     'actions': sorted(ACTIONS)}
	try:
		return 200, fn(ctx, req) or {'ok': True}
	except (KeyError, ValueError, TypeError) as e:
		return 400, {'error': '%s: %s' % (action, e)}


def a_fault(ctx, req):
	if req.get('mode') not in FAULT_MODES:
		raise ValueError('mode must be one of %s' % ', '.join(FAULT_MODES))
	req['count'] = int(req.get('count', 1))
	if isinstance(req.get('ops'), str):
		req['ops'] = req['ops'].split(',')
	with ctx.lock:
		ctx.faults.append(req)
		return {'faults': list(ctx.faults)}


def a_clear_faults(ctx, req):
	with ctx.lock:
		ctx.faults = []


def a_clock(ctx, req):
	ctx.store.clock.skew = float(req.get('skew', 0))
	return {'skew': ctx.store.clock.skew}


def a_advance(ctx, req):
	with ctx.store.lock:
		ctx.store.clock.advance(float(req['seconds']))
		ctx.store.advance()


def a_time_scale(ctx, req):
	with ctx.store.lock:
		ctx.store.clock.set_scale(float(req['scale']))


def a_task_settings(ctx, req):
	st = ctx.store.task_settings
	for k, v in req.items():
		if k not in st:
			raise KeyError(k)
		st[k] = v
	return {'task_settings': st}


def a_durations(ctx, req):
	for k, v in req.items():
		if k not in DURATIONS:
			raise KeyError(k)
		DURATIONS[k] = float(v)
	return {'durations': DURATIONS}


def a_register(ctx, req):
	ctx.registry.register(req['access_key'], req['secret_key'],
			      req.get('session_token'), req.get('expiration'),
			      req.get('account'))


def a_seed(ctx, req):
	with ctx.store.lock:
		return {'file_systems': ctx.store.seed(req)}


def a_seed_tasks(ctx, req):
	s = ctx.store
	with s.lock:
		before = set(s.tasks)
		fsxseed.seed_tasks(s, s.fs[req['file_system_id']],
				   int(req['count']))
		return {'tasks': len(set(s.tasks) - before)}


def a_quota(ctx, req):
	for k, v in req.items():
		if k not in ctx.store.quotas:
			raise KeyError(k)
		ctx.store.quotas[k] = int(v)
	return {'quotas': ctx.store.quotas}


def a_page_cap(ctx, req):
	for k, v in req.items():
		if k not in ctx.store.page_cap:
			raise KeyError(k)
		ctx.store.page_cap[k] = int(v)
	return {'page_cap': ctx.store.page_cap}


def a_error_style(ctx, req):
	for k, v in req.items():
		if k not in ctx.error_style:
			raise KeyError(k)
		ctx.error_style[k] = v
	return {'error_style': ctx.error_style}


def a_patch(ctx, req):
	s = ctx.store
	table = {'fs': s.fs, 'dra': s.dras, 'task': s.tasks,
		 'backup': s.backups}[req['kind']]
	with s.lock:
		obj = table[req['id']]
		obj.update(req.get('set', {}))
		return public(obj)


def a_clear_log(ctx, req):
	with ctx.lock:
		ctx.log = []


def a_reset(ctx, req):
	ctx.reset()


ACTIONS = {
	'fault': a_fault, 'clear-faults': a_clear_faults, 'clock': a_clock,
	'advance': a_advance, 'time-scale': a_time_scale,
	'task-settings': a_task_settings, 'durations': a_durations,
	'register-credentials': a_register, 'seed': a_seed,
	'seed-tasks': a_seed_tasks, 'quota': a_quota, 'page-cap': a_page_cap,
	'error-style': a_error_style, 'patch': a_patch,
	'clear-log': a_clear_log, 'reset': a_reset,
}
