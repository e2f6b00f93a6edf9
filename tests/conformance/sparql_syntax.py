#!/usr/bin/python3
"""W3C SPARQL 1.1 syntax tests through sparql_parse_driver (TAP).

Reads the manifests reachable from manifest-sparql11-query.ttl and
manifest-sparql11-update.ttl under $FUNDAMENT_SHARED/w3c/sparql11 and runs
every syntax test (mf:PositiveSyntaxTest11, mf:NegativeSyntaxTest11,
mf:PositiveUpdateSyntaxTest11, mf:NegativeUpdateSyntaxTest11): positive
tests must parse, negative tests must be rejected. The base IRI of each test
is its file's file:// URL. Then replays the committed fuzz corpus through the
driver, which must never crash (exit 0 or 2).
"""
import os
import subprocess
import sys
import urllib.parse
import urllib.request

import rdflib

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
KINDS = {
    MF.PositiveSyntaxTest11: (True, False),
    MF.NegativeSyntaxTest11: (False, False),
    MF.PositiveUpdateSyntaxTest11: (True, True),
    MF.NegativeUpdateSyntaxTest11: (False, True),
}


def rdf_list(g, node):
    while node and node != rdflib.RDF.nil:
        yield g.value(node, rdflib.RDF.first)
        node = g.value(node, rdflib.RDF.rest)


def collect(path, seen, tests):
    path = os.path.abspath(path)
    if path in seen or not os.path.exists(path):
        return
    seen.add(path)
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=urllib.parse.urljoin("file:", urllib.request.pathname2url(path)))
    for manifest in g.subjects(rdflib.RDF.type, MF.Manifest):
        for inc in g.objects(manifest, MF.include):
            for item in rdf_list(g, inc):
                collect(urllib.request.url2pathname(urllib.parse.urlparse(str(item)).path), seen, tests)
        for entries in g.objects(manifest, MF.entries):
            for test in rdf_list(g, entries):
                kind = g.value(test, rdflib.RDF.type)
                if kind not in KINDS:
                    continue
                action = g.value(test, MF.action)
                name = g.value(test, MF.name)
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
    if not os.path.isdir(root):
        print("1..0 # SKIP W3C SPARQL 1.1 suite not found (set FUNDAMENT_SHARED)")
        return 0
    tests, seen = [], set()
    for top in ("manifest-sparql11-query.ttl", "manifest-sparql11-update.ttl"):
        collect(os.path.join(root, top), seen, tests)
    # The syntax folders themselves (in case a top manifest misses one).
    for sub in ("syntax-query", "syntax-update-1", "syntax-update-2", "syntax-fed"):
        collect(os.path.join(root, sub, "manifest.ttl"), seen, tests)
    uniq, names = [], set()
    for t in tests:
        if (t[2], t[1]) not in names:
            names.add((t[2], t[1]))
            uniq.append(t)
    tests = sorted(uniq)
    corpus_dir = os.path.join(src, "fuzz", "corpus", "sparql")
    corpus = sorted(os.listdir(corpus_dir)) if os.path.isdir(corpus_dir) else []

    print("1..%d" % (len(tests) + len(corpus)))
    passed = failed = 0
    failures = []
    n = 0
    for rel, name, file_path, (positive, update) in tests:
        n += 1
        base = urllib.parse.urljoin("file:", urllib.request.pathname2url(file_path))
        args = [driver, "--quiet", "--base", base]
        if update:
            args.insert(1, "--update")
        r = subprocess.run(args + [file_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = r.stdout.decode("utf-8", "replace").strip()
        ok = (r.returncode == 0) if positive else (r.returncode == 2)
        label = "%s %s (%s)" % ("positive" if positive else "negative", rel, name)
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
