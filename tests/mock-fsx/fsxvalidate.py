"""Validate an FSx request body against botocore's service model.

botocore itself checks only required members, types and minimums
(aws-fsx-api.md §1.3); the service checks everything.  This walks the
operation's input shape and reports, in the Coral/Smithy style that AWS
JSON services use:

- a JSON type that cannot be a member's type, or a member name the model
  does not know: SerializationException (400);
- a constraint (required, min/max length or value, enum, pattern):
  ValidationException (400), message "N validation error(s) detected:
  Value 'X' at 'member.path' failed to satisfy constraint: Member must ...".

FSx's own model only lists BadRequest; which code the real front end
sends for a model violation is unconfirmed (§1.5).  README.md records the
choice.
"""

import json

import botocore.session
import regex

_MODEL = None
_PATTERNS = {}


def model():
	global _MODEL
	if _MODEL is None:
		_MODEL = botocore.session.get_session().get_service_model('fsx')
	return _MODEL


class ValidationFailure(Exception):
	def __init__(self, code, message):
		super().__init__(message)
		self.code = code
		self.message = message


def _pattern(p):
	rx = _PATTERNS.get(p)
	if rx is None:
		rx = _PATTERNS[p] = regex.compile(p)
	return rx


def _camel(name):
	return name[:1].lower() + name[1:]


def _show(value):
	if isinstance(value, bool):
		return 'true' if value else 'false'
	if isinstance(value, (list, dict)):
		return json.dumps(value, separators=(',', ':'))
	return str(value)


class _Walker:
	def __init__(self, allow_unknown):
		self.errors = []
		self.allow_unknown = allow_unknown

	def fail(self, value, path, what):
		v = 'null' if value is None else "'%s'" % _show(value)
		self.errors.append("Value %s at '%s' failed to satisfy "
				   'constraint: Member must %s' % (v, path, what))

	def walk(self, shape, value, path):
		t = shape.type_name
		fn = getattr(self, 'w_' + t, None)
		if fn is None:
			return
		fn(shape, value, path)

	def _type(self, ok, value, path, want):
		if not ok:
			raise ValidationFailure(
				'SerializationException',
				'Unexpected value type in payload: %s at %s; '
				'expected %s' % (type(value).__name__, path or '/',
						 want))

	def w_structure(self, shape, value, path):
		self._type(isinstance(value, dict), value, path, 'structure')
		for name, v in value.items():
			if name not in shape.members:
				if self.allow_unknown:
					continue
				raise ValidationFailure(
					'SerializationException',
					"Unrecognized field '%s' at '%s'" %
					(name, path or '/'))
		for name in shape.required_members:
			if value.get(name) is None:
				self.fail(None, self._join(path, name), 'not be null')
		for name, sub in shape.members.items():
			if name in value and value[name] is not None:
				self.walk(sub, value[name], self._join(path, name))

	def _join(self, path, name):
		return (path + '.' if path else '') + _camel(name)

	def w_list(self, shape, value, path):
		self._type(isinstance(value, list), value, path, 'list')
		self._length(shape, value, len(value), path)
		for i, v in enumerate(value, 1):
			if v is None:
				continue
			self.walk(shape.member, v, '%s.%d.member' % (path, i))

	def w_map(self, shape, value, path):
		self._type(isinstance(value, dict), value, path, 'map')
		self._length(shape, value, len(value), path)
		for k, v in value.items():
			self.walk(shape.key, k, path + '.key')
			self.walk(shape.value, v, path + '.value')

	def _length(self, shape, value, n, path):
		md = shape.metadata
		if 'min' in md and n < md['min']:
			self.fail(value, path, 'have length greater than or equal '
				  'to %d' % md['min'])
		if 'max' in md and n > md['max']:
			self.fail(value, path, 'have length less than or equal to '
				  '%d' % md['max'])

	def w_string(self, shape, value, path):
		self._type(isinstance(value, str), value, path, 'string')
		self._length(shape, value, len(value), path)
		md = shape.metadata
		if shape.enum and value not in shape.enum:
			self.fail(value, path, 'satisfy enum value set: [%s]' %
				  ', '.join(shape.enum))
		if 'pattern' in md and not _pattern(md['pattern']).search(value):
			self.fail(value, path, 'satisfy regular expression '
				  'pattern: %s' % md['pattern'])

	def _number(self, shape, value, path, is_int):
		ok = isinstance(value, (int, float)) and \
			not isinstance(value, bool)
		if is_int:
			ok = ok and float(value).is_integer()
		self._type(ok, value, path, shape.type_name)
		md = shape.metadata
		if 'min' in md and value < md['min']:
			self.fail(value, path, 'have value greater than or equal '
				  'to %s' % md['min'])
		if 'max' in md and value > md['max']:
			self.fail(value, path, 'have value less than or equal to '
				  '%s' % md['max'])

	def w_integer(self, shape, value, path):
		self._number(shape, value, path, True)
		if not -2**31 <= value < 2**31:
			raise ValidationFailure('SerializationException',
						'NumberFormatException at %s' % path)

	def w_long(self, shape, value, path):
		self._number(shape, value, path, True)

	def w_double(self, shape, value, path):
		self._number(shape, value, path, False)

	w_float = w_double

	def w_boolean(self, shape, value, path):
		self._type(isinstance(value, bool), value, path, 'boolean')

	def w_timestamp(self, shape, value, path):
		self._type(isinstance(value, (int, float)) and
			   not isinstance(value, bool), value, path,
			   'timestamp (epoch seconds)')


def validate(operation, body, allow_unknown=False):
	"""Raise ValidationFailure if body does not fit the operation."""
	shape = model().operation_model(operation).input_shape
	w = _Walker(allow_unknown)
	w.walk(shape, body, '')
	if w.errors:
		n = len(w.errors)
		raise ValidationFailure(
			'ValidationException',
			'%d validation error%s detected: %s' %
			(n, '' if n == 1 else 's', '; '.join(w.errors[:10])))
