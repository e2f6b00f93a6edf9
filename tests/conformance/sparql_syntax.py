#!/usr/bin/python3
"""W3C SPARQL 1.1 syntax tests through sparql_parse_driver (TAP).

Needs only the Python standard library.

Reads the manifests reachable from manifest-sparql11-query.ttl and
manifest-sparql11-update.ttl under $FUNDAMENT_SHARED/w3c/sparql11 and runs
every syntax test (mf:PositiveSyntaxTest11, mf:NegativeSyntaxTest11,
mf:PositiveUpdateSyntaxTest11, mf:NegativeUpdateSyntaxTest11): positive
tests must parse, negative tests must be rejected. The query or update of
every evaluation test in those manifests must parse too. The base IRI of
each file is its file:// URL. Then replays the committed fuzz corpus through
the driver, which must never crash (exit 0 or 2).
"""
import os
import subprocess
import sys
import urllib.parse
import urllib.request

import re

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
KINDS = {
    MF + "PositiveSyntaxTest11": (True, False),
    MF + "NegativeSyntaxTest11": (False, False),
    MF + "PositiveUpdateSyntaxTest11": (True, True),
    MF + "NegativeUpdateSyntaxTest11": (False, True),
}

# A reader for the Turtle subset the W3C manifests use (prefixes, property
# and object lists, collections, [ ] nodes, literals). rdflib would do as
# well; this keeps the test free of a Python dependency.
TOKEN = re.compile(r'''
    (?P<ws>\s+|\#[^\n]*) |
    (?P<iri><[^>]*>) |
    (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\') |
    (?P<str>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\') |
    (?P<hathat>\^\^) |
    (?P<punct>[;,.()\[\]]) |
    (?P<word>@?[A-Za-z0-9_:.\-]*[A-Za-z0-9_:\-])
''', re.X)


class Graph:
    def __init__(self):
        self.triples = []
        self.bnodes = 0

    def value(self, s, p):
        for t in self.triples:
            if t[0] == s and t[1] == p:
                return t[2]
        return None

    def objects(self, s, p):
        return [t[2] for t in self.triples if t[0] == s and t[1] == p]

    def subjects(self, p, o):
        return [t[0] for t in self.triples if t[1] == p and t[2] == o]

    def parse(self, path, base):
        text = open(path, encoding="utf-8").read()
        toks, pos = [], 0
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m:
                raise ValueError("%s: cannot read Turtle at offset %d" % (path, pos))
            pos = m.end()
            if m.lastgroup != "ws":
                toks.append((m.lastgroup, m.group()))
        self.toks, self.i, self.base, self.prefixes = toks, 0, base, {}
        while self.i < len(toks):
            kind, val = toks[self.i]
            if val in ("@prefix", "PREFIX", "prefix"):
                name, iri = toks[self.i + 1][1], toks[self.i + 2][1]
                self.prefixes[name[:-1]] = urllib.parse.urljoin(base, iri[1:-1])
                self.i += 3
                if self.i < len(toks) and toks[self.i][1] == ".":
                    self.i += 1
                continue
            subject = self.node()
            self.predicates(subject)
            self.expect(".")

    def expect(self, val):
        if self.i < len(self.toks) and self.toks[self.i][1] == val:
            self.i += 1
        elif val != ".":
            raise ValueError("expected %s" % val)

    def fresh(self):
        self.bnodes += 1
        return "_:b%d" % self.bnodes

    def node(self):
        kind, val = self.toks[self.i]
        self.i += 1
        if kind == "iri":
            return urllib.parse.urljoin(self.base, val[1:-1])
        if kind in ("str", "long"):
            if self.i < len(self.toks) and self.toks[self.i][0] == "hathat":
                self.i += 2
            elif self.i < len(self.toks) and self.toks[self.i][1].startswith("@"):
                self.i += 1
            return ("literal", val)
        if val == "[":
            b = self.fresh()
            if self.toks[self.i][1] != "]":
                self.predicates(b)
            self.expect("]")
            return b
        if val == "(":
            items = []
            while self.toks[self.i][1] != ")":
                items.append(self.node())
            self.i += 1
            head = RDF + "nil"
            for item in reversed(items):
                b = self.fresh()
                self.triples.append((b, RDF + "first", item))
                self.triples.append((b, RDF + "rest", head))
                head = b
            return head
        if val == "a":
            return RDF + "type"
        if ":" in val and not val.startswith("_:"):
            prefix, local = val.split(":", 1)
            return self.prefixes.get(prefix, prefix + ":") + local
        return val

    def predicates(self, subject):
        while True:
            pred = self.node()
            while True:
                self.triples.append((subject, pred, self.node()))
                if self.toks[self.i][1] != ",":
                    break
                self.i += 1
            while self.i < len(self.toks) and self.toks[self.i][1] == ";":
                self.i += 1
            if self.i >= len(self.toks) or self.toks[self.i][1] in (".", "]"):
                return


def rdf_list(g, node):
    while node and node != RDF + "nil":
        yield g.value(node, RDF + "first")
        node = g.value(node, RDF + "rest")


def file_url(path):
    return urllib.parse.urljoin("file:", urllib.request.pathname2url(path))


def collect(path, seen, tests, evals):
    path = os.path.abspath(path)
    if path in seen or not os.path.exists(path):
        return
    seen.add(path)
    g = Graph()
    g.parse(path, file_url(path))
    for manifest in g.subjects(RDF + "type", MF + "Manifest"):
        for inc in g.objects(manifest, MF + "include"):
            for item in rdf_list(g, inc):
                sub = urllib.parse.urlparse(str(item)).path
                collect(urllib.request.url2pathname(sub), seen, tests, evals)
        for entries in g.objects(manifest, MF + "entries"):
            for test in rdf_list(g, entries):
                kind = g.value(test, RDF + "type")
                action = g.value(test, MF + "action")
                name = g.value(test, MF + "name")
                if isinstance(name, tuple):
                    name = re.sub(r"\\(.)", r"\1", name[1][1:-1])
                name = str(name)
                if kind not in KINDS:
                    # An evaluation test: its query or update must parse.
                    if not isinstance(action, str) or not action.startswith("_:"):
                        continue
                    query = g.value(action, QT + "query")
                    request = g.value(action, UT + "request")
                    if query or request:
                        url = urllib.parse.urlparse(str(query or request)).path
                        file_path = urllib.request.url2pathname(url)
                        rel = os.path.relpath(file_path, os.path.dirname(os.path.dirname(path)))
                        evals.append((rel, name, file_path, (True, bool(request))))
                    continue
                file_path = urllib.request.url2pathname(urllib.parse.urlparse(str(action)).path)
                rel = os.path.relpath(file_path, os.path.dirname(os.path.dirname(path)))
                positive, update = KINDS[kind]
                # Some update tests are typed as query syntax tests: the
                # file extension tells.
                update = update or file_path.endswith(".ru")
                tests.append((rel, str(name), file_path, (positive, update)))


def main():
    shared = os.environ.get("FUNDAMENT_SHARED", "")
    build = os.environ.get("FUNDAMENT_TOP_BUILDDIR", ".")
    src = os.environ.get("FUNDAMENT_TOP_SRCDIR", ".")
    root = os.path.join(shared, "w3c", "sparql11")
    driver = os.path.join(build, "tests", "conformance", "sparql_parse_driver")
    have_suite = os.path.isdir(root)
    tests, evals, seen = [], [], set()
    for top in ("manifest-sparql11-query.ttl", "manifest-sparql11-update.ttl"):
        collect(os.path.join(root, top), seen, tests, evals)
    # The syntax folders themselves (in case a top manifest misses one).
    for sub in ("syntax-query", "syntax-update-1", "syntax-update-2", "syntax-fed"):
        collect(os.path.join(root, sub, "manifest.ttl"), seen, tests, evals)
    uniq, names = [], set()
    for t in tests:
        if (t[2], t[1]) not in names:
            names.add((t[2], t[1]))
            uniq.append(t)
    tests = [t + ("syntax",) for t in sorted(uniq)]
    eval_files = {}
    for t in evals:
        eval_files.setdefault(t[2], t)
    evals = [t + ("evaluation",) for t in sorted(eval_files.values())]
    nsyntax = len(tests)
    tests += evals
    corpus_dir = os.path.join(src, "fuzz", "corpus", "sparql")
    corpus = sorted(os.listdir(corpus_dir)) if os.path.isdir(corpus_dir) else []

    print("1..%d" % (len(tests) + len(corpus) + 1))
    passed = failed = 0
    failures = []
    n = 1
    # The suite has 169 syntax tests and 301 evaluation queries; far
    # fewer means the manifests were not read correctly.
    if not have_suite:
        passed += 1
        print("ok 1 # SKIP W3C SPARQL 1.1 suite not found (set FUNDAMENT_SHARED)")
    elif nsyntax >= 160 and len(evals) >= 250:
        passed += 1
        print("ok 1 - manifests list %d syntax tests, %d evaluation queries" % (nsyntax, len(evals)))
    else:
        failed += 1
        failures.append("manifests")
        print("not ok 1 - manifests list only %d syntax tests, %d evaluation queries"
              % (nsyntax, len(evals)))
    for rel, name, file_path, (positive, update), what in tests:
        n += 1
        base = file_url(file_path)
        args = [driver, "--quiet", "--base", base]
        if update:
            args.insert(1, "--update")
        r = subprocess.run(args + [file_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = r.stdout.decode("utf-8", "replace").strip()
        ok = (r.returncode == 0) if positive else (r.returncode == 2)
        if what == "syntax":
            label = "%s %s (%s)" % ("positive" if positive else "negative", rel, name)
        else:
            label = "query of evaluation test %s (%s)" % (rel, name)
        if ok:
            passed += 1
            print("ok %d - %s" % (n, label))
        else:
            failed += 1
            failures.append(label)
            print("not ok %d - %s" % (n, label))
            print("# exit %d: %s" % (r.returncode, out[:300].replace("\n", " ")))
    for f in corpus:
        n += 1
        path = os.path.join(corpus_dir, f)
        update = f.endswith(".ru")
        args = [driver, "--quiet"] + (["--update"] if update else []) + [path]
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode in (0, 2):
            passed += 1
            print("ok %d - corpus %s (exit %d)" % (n, f, r.returncode))
        else:
            failed += 1
            failures.append("corpus " + f)
            print("not ok %d - corpus %s crashed (exit %d)" % (n, f, r.returncode))
    print("# %d passed, %d failed" % (passed, failed))
    for f in failures:
        print("# failed: %s" % f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
