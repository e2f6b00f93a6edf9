#!/usr/bin/python3
"""W3C JSON-LD 1.1 toRdf conformance run, printing TAP.

Reads $FUNDAMENT_SHARED/w3c/json-ld/toRdf-manifest.jsonld and runs every test
through a command: by default the conformance driver built next to this
script, or the template in $JSONLD_TORDF_CMD ({base} and {file} are
substituted; tests that need the suite's own remote contexts are then
skipped when the command cannot load them). Outputs are compared with the expected N-Quads as isomorphic
datasets (blank nodes mapped by refinement plus backtracking). Every test is
its own TAP line (failures are "# TODO known failure"); the last line is the
gate: at least 95% of the tests that were run must pass.
"""
import json
import os
import re
import shlex
import subprocess
import sys

GATE = 0.95

TERM = (r'(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)')
LINE = re.compile(r'^\s*' + TERM + r'\s+' + TERM + r'\s+' + TERM + r'(?:\s+' + TERM + r')?\s*\.\s*$')
ESC = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"\'\\])')
XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string'


def unescape(s):
    def rep(m):
        e = m.group(1)
        if e[0] in 'uU':
            return chr(int(e[1:], 16))
        return {'t': '\t', 'b': '\b', 'n': '\n', 'r': '\r', 'f': '\f',
                '"': '"', "'": "'", '\\': '\\'}[e]
    return ESC.sub(rep, s)


def parse_term(t):
    """A term as a hashable tuple: ('I', iri) ('B', label) ('L', lex, lang, dt)."""
    if t.startswith('<'):
        return ('I', unescape(t[1:-1]))
    if t.startswith('_:'):
        return ('B', t[2:])
    m = re.match(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', t)
    lex = unescape(m.group(1))
    lang = m.group(2).lower() if m.group(2) else None
    dt = unescape(m.group(3)) if m.group(3) else None
    if dt == XSD_STRING:
        dt = None
    return ('L', lex, lang, dt)


def parse_nquads(text):
    quads = set()
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith('#'):
            continue
        m = LINE.match(s)
        if not m:
            raise ValueError('unparsable N-Quads line %d: %s' % (n, line))
        g = m.group(4)
        quads.add((parse_term(m.group(1)), parse_term(m.group(2)), parse_term(m.group(3)),
                   parse_term(g) if g else None))
    return quads


def bnodes_of(quads):
    return {t[1] for q in quads for t in q if t and t[0] == 'B'}


def colours(quads, nodes):
    """Iterative colour refinement of blank nodes by their neighbourhood."""
    col = {b: 0 for b in nodes}
    for _ in range(len(nodes) + 1):
        sig = {b: [] for b in nodes}
        for q in quads:
            for i, t in enumerate(q):
                if t and t[0] == 'B':
                    sig[t[1]].append((i, tuple(('B', col[u[1]]) if u and u[0] == 'B' else u
                                                for u in q)))
        new = {b: hash((col[b], tuple(sorted(map(repr, sig[b]))))) for b in nodes}
        if len(set(new.values())) == len(set(col.values())):
            return new
        col = new
    return col


def isomorphic(a, e):
    if len(a) != len(e):
        return False
    ground = lambda qs: {q for q in qs if not any(t and t[0] == 'B' for t in q)}
    if ground(a) != ground(e):
        return False
    ab, eb = bnodes_of(a), bnodes_of(e)
    if len(ab) != len(eb):
        return False
    if not ab:
        return True
    both = [(q, 'a') for q in a] + [(q, 'e') for q in e]
    # colour the two graphs together so colours are comparable
    ren = {}
    for q, side in both:
        for t in q:
            if t and t[0] == 'B':
                ren[(side, t[1])] = side + ':' + t[1]
    tag = lambda q, side: tuple(('B', ren[(side, t[1])]) if t and t[0] == 'B' else t for t in q)
    col = colours([tag(q, s) for q, s in both], set(ren.values()))
    acol = {b: col['a:' + b] for b in ab}
    ecol = {b: col['e:' + b] for b in eb}
    if sorted(acol.values()) != sorted(ecol.values()):
        return False
    order = sorted(ab, key=lambda b: sum(1 for x in eb if ecol[x] == acol[b]))
    aq = [q for q in a if any(t and t[0] == 'B' for t in q)]
    eset = set(e)

    def mapped(q, m):
        return tuple(('B', m[t[1]]) if t and t[0] == 'B' else t for t in q)

    def consistent(m):
        for q in aq:
            if all(m.get(t[1]) is not None for t in q if t and t[0] == 'B'):
                if mapped(q, m) not in eset:
                    return False
        return True

    used = set()
    m = {}
    steps = [0]

    def search(i):
        if i == len(order):
            return {mapped(q, m) for q in a} == eset
        b = order[i]
        for c in eb:
            if c in used or ecol[c] != acol[b]:
                continue
            steps[0] += 1
            if steps[0] > 200000:
                return False
            m[b] = c
            used.add(c)
            if consistent(m) and search(i + 1):
                return True
            del m[b]
            used.discard(c)
        return False

    return search(0)


def main():
    shared = os.environ.get('FUNDAMENT_SHARED', '')
    suite = os.path.join(shared, 'w3c', 'json-ld')
    manifest_path = os.path.join(suite, 'toRdf-manifest.jsonld')
    if not os.path.exists(manifest_path):
        print('1..0 # SKIP W3C JSON-LD suite not found (FUNDAMENT_SHARED)')
        return 0
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
    base_iri = manifest.get('baseIri', 'https://w3c.github.io/json-ld-api/tests/')
    template = os.environ.get('JSONLD_TORDF_CMD')
    driver = os.path.join(os.environ.get('FUNDAMENT_TOP_BUILDDIR', '.'),
                          'tests', 'conformance', 'jsonld_tordf_driver')
    tests = manifest['sequence']
    print('1..%d' % (len(tests) + 1))
    passed = failed = skipped = 0
    notes = []
    for n, t in enumerate(tests, 1):
        tid = t.get('@id', '#t%d' % n).lstrip('#')
        name = '%s %s' % (tid, t.get('name', ''))
        types = t.get('@type', [])
        opt = t.get('option', {})
        reason = None
        args = []
        base = opt.get('base', base_iri + t['input'])
        if opt.get('specVersion') == 'json-ld-1.0':
            reason = 'specVersion json-ld-1.0 only'
        elif t['input'].endswith('.html'):
            reason = 'HTML input'
        elif any(k in opt for k in ('documentLoader', 'redirectTo', 'httpLink', 'contentType',
                                    'httpStatus')):
            reason = 'needs a remote document loader'
        else:
            if 'processingMode' in opt:
                args += ['--processing-mode', opt['processingMode']]
            if 'rdfDirection' in opt:
                args += ['--rdf-direction', opt['rdfDirection']]
            if opt.get('produceGeneralizedRdf'):
                args += ['--generalized']
            if 'expandContext' in opt:
                args += ['--expand-context', base_iri + opt['expandContext']]
            if template and args:
                reason = 'options %s not expressible through JSONLD_TORDF_CMD' % ' '.join(
                    a for a in args if a.startswith('--'))
        if reason:
            skipped += 1
            notes.append('skip %s: %s' % (name, reason))
            print('ok %d - %s # SKIP %s' % (n, name, reason))
            continue
        infile = os.path.join(suite, t['input'])
        if template:
            cmd = shlex.split(template.replace('{base}', shlex.quote(base))
                              .replace('{file}', shlex.quote(infile)))
        else:
            cmd = [driver, '--base', base] + args + [infile]
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=30)
            out, err, rc = r.stdout.decode('utf-8', 'replace'), r.stderr.decode('utf-8', 'replace'), r.returncode
        except subprocess.TimeoutExpired:
            out, err, rc = '', 'timeout', -1
        code = t.get('expectErrorCode', '')
        if (template and rc != 0 and 'loading remote context failed' in err
                and code != 'loading remote context failed'):
            # the driver serves the suite's own contexts; a command may not
            reason = 'needs a context from the suite that the command cannot load'
            skipped += 1
            notes.append('skip %s: %s' % (name, reason))
            print('ok %d - %s # SKIP %s' % (n, name, reason))
            continue
        ok = False
        why = ''
        if 'Sanitizer' in err or 'runtime error:' in err:
            why = 'sanitizer report: ' + err.strip()[:300]
        elif 'jld:NegativeEvaluationTest' in types:
            code = t.get('expectErrorCode', '')
            if rc != 0 and rc >= 0 and rc < 128:
                ok = True
                if code and code not in err:
                    notes.append('code mismatch %s: expected "%s", got: %s'
                                 % (name, code, err.strip()[:200]))
            else:
                why = 'expected error "%s", got exit %d' % (code, rc)
        else:
            if rc != 0:
                why = 'exit %d: %s' % (rc, err.strip()[:300])
            elif 'jld:PositiveSyntaxTest' in types or 'expect' not in t:
                ok = True
            else:
                with open(os.path.join(suite, t['expect']), encoding='utf-8') as f:
                    expected = f.read()
                try:
                    ok = isomorphic(parse_nquads(out), parse_nquads(expected))
                    if not ok:
                        why = 'output not isomorphic to %s' % t['expect']
                except ValueError as e:
                    why = str(e)
        if ok:
            passed += 1
            print('ok %d - %s' % (n, name))
        else:
            failed += 1
            notes.append('fail %s: %s' % (name, why))
            print('not ok %d - %s # TODO known failure: %s' % (n, name, why.replace('\n', ' ')[:200]))
    total = len(tests)
    run = passed + failed
    rate = passed / run if run else 1.0
    print('# toRdf: %d passed, %d failed, %d skipped of %d' % (passed, failed, skipped, total))
    for note in notes:
        print('# ' + note.replace('\n', ' '))
    status = 'ok' if rate >= GATE else 'not ok'
    print('%s %d - toRdf pass rate %.1f%% (gate %.0f%%)' % (status, total + 1, rate * 100, GATE * 100))
    return 0


if __name__ == '__main__':
    sys.exit(main())
