#!/usr/bin/python3
"""W3C JSON-LD 1.1 fromRdf conformance run for our writer, printing TAP.

For each test of $FUNDAMENT_SHARED/w3c/json-ld/fromRdf-manifest.jsonld the
input N-Quads are written as JSON-LD with `$FUNDAMENT convert --from nquads
--to jsonld`, and that output is read back
  1. by our own reader (`$FUNDAMENT convert --from jsonld --to nquads -`),
  2. by rdflib's JSON-LD parser, when rdflib is installed,
and each dataset must be isomorphic to the input (blank nodes mapped; the
comparison is the one of jsonld_tordf.py). As extra information the
output's node structure is compared with the test's expected JSON-LD
(order-insensitive, blank node labels ignored): a difference there is
reported as a note, not a failure, since fromRdf output is only defined up
to the order of values.

Tests with options the writer does not offer (useNativeTypes, useRdfType,
rdfDirection, JSON-LD 1.0 only) are skipped with the reason.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jsonld_tordf import isomorphic, parse_nquads  # noqa: E402

RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON'
XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string'

try:
    import rdflib  # noqa: F401
    from rdflib import BNode, Dataset, URIRef
    HAVE_RDFLIB = True
except ImportError:
    HAVE_RDFLIB = False


def rdflib_quads(text):
    """Our JSON-LD read by rdflib, as the tuples of jsonld_tordf.py."""
    rdflib.NORMALIZE_LITERALS = False  # keep lexical forms as written
    ds = Dataset()
    # parse() returns the graph that got the default graph's triples
    default_id = ds.parse(data=text, format='json-ld').identifier

    def term(t):
        if isinstance(t, URIRef):
            return ('I', str(t))
        if isinstance(t, BNode):
            return ('B', str(t))
        dt = str(t.datatype) if t.datatype is not None else None
        if dt == XSD_STRING:
            dt = None
        return ('L', str(t), t.language.lower() if t.language else None, dt)

    quads = set()
    for s, p, o, gid in ds.quads((None, None, None, None)):
        gname = None if gid is None or gid == default_id else term(gid)
        quads.add((term(s), term(p), term(o), gname))
    return quads


def shape(v):
    """Order-insensitive form of a JSON-LD value, blank node labels erased."""
    if isinstance(v, dict):
        items = []
        for k, x in v.items():
            if k == '@list':
                items.append((k, tuple(shape(i) for i in x)))
            else:
                items.append((k, shape(x)))
        return ('{', tuple(sorted(items, key=repr)))
    if isinstance(v, list):
        return ('[', tuple(sorted((shape(i) for i in v), key=repr)))
    if isinstance(v, str) and v.startswith('_:'):
        return '_:'
    return v


def run(cmd, data=None):
    try:
        r = subprocess.run(cmd, input=data, capture_output=True, timeout=60)
        return r.returncode, r.stdout, r.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return -1, b'', 'timeout'


def main():
    shared = os.environ.get('FUNDAMENT_SHARED', '')
    suite = os.path.join(shared, 'w3c', 'json-ld')
    manifest_path = os.path.join(suite, 'fromRdf-manifest.jsonld')
    fundament = os.environ.get('FUNDAMENT', './fundament')
    if not os.path.exists(manifest_path):
        print('1..0 # SKIP W3C JSON-LD suite not found (FUNDAMENT_SHARED)')
        return 0
    with open(manifest_path, encoding='utf-8') as f:
        tests = json.load(f)['sequence']
    print('1..%d' % len(tests))
    if not HAVE_RDFLIB:
        print('# rdflib not installed: read back by our reader only')
    passed = failed = skipped = 0
    shape_same = shape_diff = 0
    notes = []
    for n, t in enumerate(tests, 1):
        tid = t.get('@id', '#t%d' % n).lstrip('#')
        name = '%s %s' % (tid, t.get('name', ''))
        types = t.get('@type', [])
        opt = t.get('option', {})
        reason = None
        if opt.get('specVersion') == 'json-ld-1.0':
            reason = 'specVersion json-ld-1.0 only'
        elif opt.get('useNativeTypes'):
            reason = 'useNativeTypes is not offered (native types would change lexical forms)'
        elif opt.get('useRdfType'):
            reason = 'useRdfType is not offered'
        elif 'rdfDirection' in opt:
            reason = 'rdfDirection is not offered'
        elif 'processingMode' in opt:
            reason = 'processingMode is not offered'
        elif 'jld:NegativeEvaluationTest' in types and \
                t.get('expectErrorCode') == 'invalid JSON literal':
            reason = ('by design an rdf:JSON literal that is not JSON is written as a typed '
                      'value, not refused (nothing is lost)')
        if reason:
            skipped += 1
            print('ok %d - %s # SKIP %s' % (n, name, reason))
            continue
        infile = os.path.join(suite, t['input'])
        with open(infile, encoding='utf-8') as f:
            expected = parse_nquads(f.read())
        rc, out, err = run([fundament, 'convert', '--from', 'nquads', '--to', 'jsonld', infile])
        why = ''
        if 'jld:NegativeEvaluationTest' in types:
            ok = rc != 0
            why = '' if ok else 'expected error "%s"' % t.get('expectErrorCode', '')
        elif rc != 0:
            ok, why = False, 'write: exit %d: %s' % (rc, err.strip()[:200])
        else:
            ok = True
            try:
                json.loads(out.decode('utf-8'))
            except ValueError as e:
                ok, why = False, 'output is not JSON: %s' % e
            if ok:
                rc2, back, err2 = run([fundament, 'convert', '--from', 'jsonld', '--to', 'nquads',
                                       '--base', 'http://example.org/', '-'], out)
                if rc2 != 0:
                    ok, why = False, 'read back: exit %d: %s' % (rc2, err2.strip()[:200])
                elif not isomorphic(parse_nquads(back.decode('utf-8')), expected):
                    ok, why = False, 'read back by our reader: not isomorphic to the input'
            if ok and HAVE_RDFLIB:
                try:
                    if not isomorphic(rdflib_quads(out.decode('utf-8')), expected):
                        ok, why = False, 'read back by rdflib: not isomorphic to the input'
                except Exception as e:  # rdflib raises many kinds
                    ok, why = False, 'rdflib: %s' % str(e)[:200]
            if ok and 'expect' in t:
                with open(os.path.join(suite, t['expect']), encoding='utf-8') as f:
                    exp_doc = json.load(f)
                if shape(json.loads(out.decode('utf-8'))) == shape(exp_doc):
                    shape_same += 1
                else:
                    shape_diff += 1
                    notes.append('%s: node structure differs from %s' % (tid, t['expect']))
        if ok:
            passed += 1
            print('ok %d - %s' % (n, name))
        else:
            failed += 1
            print('not ok %d - %s # %s' % (n, name, why.replace('\n', ' ')))
    print('# fromRdf: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
    print('# structure as expected: %d, differing: %d' % (shape_same, shape_diff))
    for note in notes:
        print('# ' + note)
    return 0


if __name__ == '__main__':
    sys.exit(main())
