#!/bin/sh
# Checks of the bundled content (vocab/, shapes/, data/), printed as TAP with
# the plan at the end:
#   - every bundled file parses with rapper against a loopback base, silently;
#   - the generated files equal a fresh run of scripts/gen-content.py, and two
#     runs give identical bytes;
#   - content.mk installs exactly the bundled files;
#   - no file names an absolute IRI under a loopback or example host;
#   - with rdflib (Debian python3-rdflib): counts and SKOS integrity of the
#     code lists, the 285 municipalities, vocabulary domains and ranges,
#     well-formed SHACL, and the SPARQL constraints on small samples.
# Needs: rapper, python3; rdflib for the last group (skipped without it).

top=${FUNDAMENT_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
base=http://127.0.0.1:8080/
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

cd "$top" || { echo "1..0 # SKIP no source directory"; exit 0; }

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t content)
trap 'rm -rf "$tmp"' EXIT INT TERM

files=$(find vocab shapes data -maxdepth 1 -name '*.ttl' -type f 2>/dev/null | LC_ALL=C sort)
if [ -z "$files" ]; then
    not_ok "bundled files present"
    echo "1..$n"
    exit 1
fi

# --- 1. every file parses, with no warning or error --------------------------
if command -v rapper >/dev/null 2>&1; then
    for f in $files; do
        if rapper -q -i turtle -c -I "$base" "$f" >"$tmp/rapper.out" 2>&1 &&
            [ ! -s "$tmp/rapper.out" ]; then
            ok "rapper parses $f without warnings"
        else
            sed 's/^/# /' "$tmp/rapper.out"
            not_ok "rapper parses $f without warnings"
        fi
    done
    # Relative prefixes resolve against the base given at load time.
    if rapper -q -i turtle -o ntriples -I "$base" vocab/bbc.ttl 2>/dev/null |
        grep -q "^<${base}ns/bbc#Boeking> "; then
        ok "relative IRIs resolve against the load base"
    else
        not_ok "relative IRIs resolve against the load base"
    fi
else
    skip "rapper parses the bundled files" "rapper not installed"
fi

# --- 2. generated files are up to date and deterministic ---------------------
if python3 scripts/gen-content.py --srcdir "$top" --check 2>"$tmp/gen.err"; then
    ok "generated files equal a fresh regeneration"
else
    sed 's/^/# /' "$tmp/gen.err"
    not_ok "generated files equal a fresh regeneration"
fi
if python3 scripts/gen-content.py --srcdir "$top" --outdir "$tmp/a" &&
    python3 scripts/gen-content.py --srcdir "$top" --outdir "$tmp/b" &&
    diff -r "$tmp/a" "$tmp/b" >/dev/null; then
    ok "two regenerations give identical bytes"
else
    not_ok "two regenerations give identical bytes"
fi

# The CSV copies still equal the shared reference data, when it is at hand.
shared=${FUNDAMENT_SHARED:-}
if [ -n "$shared" ] && [ -d "$shared/data" ]; then
    same=yes
    for c in beleidsvelden municipalities municipality-mergers-2025 vip-retributies; do
        cmp -s "data/sources/$c.csv" "$shared/data/$c.csv" || { same=no; echo "# $c.csv differs"; }
    done
    if [ "$same" = yes ]; then
        ok "data/sources/*.csv equal the shared reference data"
    else
        not_ok "data/sources/*.csv equal the shared reference data"
    fi
else
    skip "data/sources/*.csv equal the shared reference data" \
        "no shared data directory (FUNDAMENT_SHARED)"
fi

# --- 3. content.mk installs exactly the bundled files ------------------------
sed -n '/^nobase_dist_pkgdata_DATA/,/^$/p' content.mk | sed 's/[\\]//g' | tr -s ' \t' '\n' |
    grep -E '^(vocab|shapes|data)/.*\.ttl$' | LC_ALL=C sort >"$tmp/listed"
echo "$files" | tr ' ' '\n' | grep . | LC_ALL=C sort >"$tmp/present"
if cmp -s "$tmp/listed" "$tmp/present"; then
    ok "content.mk lists every bundled file"
else
    diff "$tmp/present" "$tmp/listed" | sed 's/^/# /'
    not_ok "content.mk lists every bundled file"
fi

# --- 4. all registry IRIs relative -------------------------------------------
# shellcheck disable=SC2086
if grep -n -E '127\.0\.0\.1|localhost|://[^/>]*example\.(be|com|org|net)' $files >"$tmp/abs"; then
    sed 's/^/# /' "$tmp/abs"
    not_ok "no absolute IRI under a loopback or example host"
else
    ok "no absolute IRI under a loopback or example host"
fi
# shellcheck disable=SC2086
if grep -l -i '^@base\|^base ' $files >"$tmp/base"; then
    sed 's/^/# /' "$tmp/base"
    not_ok "no file sets @base"
else
    ok "no file sets @base"
fi

# --- 5. structure, with rdflib -----------------------------------------------
py=/usr/bin/python3
if [ -x "$py" ] && "$py" -c 'import rdflib' 2>/dev/null; then
    # shellcheck disable=SC2086
    "$py" - "$base" $files >"$tmp/py.out" 2>"$tmp/py.err" <<'EOF'
import csv
import re
import sys

import rdflib
from rdflib import RDF, RDFS, OWL, XSD, Literal, URIRef
from rdflib.namespace import SKOS, DCTERMS
from rdflib.plugins.sparql import prepareQuery

BASE = sys.argv[1]
FILES = sys.argv[2:]
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ADMS = rdflib.Namespace("http://www.w3.org/ns/adms#")
BBC = rdflib.Namespace(BASE + "ns/bbc#")
BESTUUR = rdflib.Namespace(BASE + "ns/bestuur#")
VIP = rdflib.Namespace(BASE + "ns/vip#")
BESLUIT = rdflib.Namespace("http://data.vlaanderen.be/ns/besluit#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")


def report(cond, desc, details=()):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        for d in list(details)[:20]:
            print("# " + str(d))


graphs = {}
for f in FILES:
    g = rdflib.Graph()
    g.parse(f, format="turtle", publicID=BASE)
    graphs[f] = g
union = rdflib.Graph()
for g in graphs.values():
    for t in g:
        union.add(t)


def local(u):
    return str(u)[len(BASE):] if str(u).startswith(BASE) else str(u)


def lang_values(g, s, p, lang):
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


# --- code lists ---------------------------------------------------------------
bv = graphs.get("vocab/beleidsveld.ttl", rdflib.Graph())
scheme_bv = URIRef(BASE + "id/conceptscheme/Beleidsveld")
rows = list(csv.DictReader(open("data/sources/beleidsvelden.csv", encoding="utf-8")))
fields = set(bv.subjects(RDF.type, BBC.Beleidsveld))
subs = set(bv.subjects(RDF.type, BBC.Beleidssubdomein))
doms = set(bv.subjects(RDF.type, BBC.Beleidsdomein))
report(len(fields) == 141 and len(rows) == 141,
       "Beleidsveld has the 141 policy fields of the source")
report(len(subs) == len({r["subdomain_code"] for r in rows}) and len(subs) > 0,
       "Beleidsveld has every policy subdomain of the source (%d)" % len(subs))
report(len(doms) == 10, "Beleidsveld has the 10 policy domains")
report(set(bv.objects(scheme_bv, SKOS.hasTopConcept)) == doms
       and all((d, SKOS.topConceptOf, scheme_bv) in bv for d in doms),
       "the policy domains are the top concepts of Beleidsveld")
bad = [local(c) for c in fields | subs | doms if (c, SKOS.inScheme, scheme_bv) not in bv]
report(not bad, "every Beleidsveld concept is in its scheme", bad)
bad = [local(c) for c in fields if len(list(bv.objects(c, SKOS.broader))) != 1
       or next(bv.objects(c, SKOS.broader)) not in subs]
bad += [local(c) for c in subs if len(list(bv.objects(c, SKOS.broader))) != 1
        or next(bv.objects(c, SKOS.broader)) not in doms]
report(not bad, "fields sit under one subdomain and subdomains under one domain", bad)
bad = [r["code"] for r in rows
       if not any(str(lbl) == r["label_nl"] for lbl in lang_values(
           bv, URIRef(BASE + "id/concept/Beleidsveld/" + r["code"]), SKOS.prefLabel, "nl"))]
report(not bad, "every policy field carries its source label", bad)

concepts = set(union.subjects(RDF.type, SKOS.Concept))
bad = [local(c) for c in concepts if len(lang_values(union, c, SKOS.prefLabel, "nl")) != 1]
report(not bad, "every concept has exactly one skos:prefLabel@nl (%d concepts)" % len(concepts),
       bad)
bad = [local(c) for c in concepts if not list(union.objects(c, SKOS.inScheme))]
report(not bad, "every concept has a skos:inScheme", bad)
schemes = set(union.subjects(RDF.type, SKOS.ConceptScheme))
bad = [local(c) for c in concepts for s in union.objects(c, SKOS.inScheme) if s not in schemes]
report(not bad, "every skos:inScheme target is a defined concept scheme", bad)
bad = []
for c, b in union.subject_objects(SKOS.broader):
    shared_scheme = set(union.objects(c, SKOS.inScheme)) & set(union.objects(b, SKOS.inScheme))
    if b not in concepts or not shared_scheme:
        bad.append("%s -> %s" % (local(c), local(b)))
report(not bad, "every skos:broader target exists in the same scheme", bad)
bad = ["%s -> %s" % (local(a), local(b)) for a, b in union.subject_objects(SKOS.narrower)
       if (b, SKOS.broader, a) not in union]
bad += ["%s -> %s" % (local(a), local(b)) for a, b in union.subject_objects(SKOS.broader)
        if (b, SKOS.narrower, a) not in union]
report(not bad, "skos:broader and skos:narrower mirror each other", bad)
bad = []
for s in schemes:
    members = set(union.subjects(SKOS.inScheme, s))
    notes = [str(n) for c in members for n in union.objects(c, SKOS.notation)]
    if len(notes) != len(set(notes)) and s != scheme_bv:
        bad.append(local(s))
    if set(union.objects(s, SKOS.hasTopConcept)) != set(union.subjects(SKOS.topConceptOf, s)):
        bad.append(local(s) + " hasTopConcept/topConceptOf")
    for c in members:
        if not list(union.objects(c, SKOS.notation)):
            bad.append(local(c) + " has no notation")
        if not list(union.objects(c, SKOS.broader)) and (c, SKOS.topConceptOf, s) not in union:
            bad.append(local(c) + " has neither broader nor topConceptOf")
report(not bad, "code lists: notations unique, every concept reachable from a top concept", bad)

# --- municipalities -----------------------------------------------------------
gm = graphs.get("data/gemeenten.ttl", rdflib.Graph())
munis = set(gm.subjects(RDF.type, BESLUIT.Bestuurseenheid))
nis = [str(o) for m in munis for o in gm.objects(m, BESTUUR.nisCode)]
report(len(munis) == 285, "285 municipalities (%d)" % len(munis))
report(len(nis) == 285 and len(set(nis)) == 285 and all(re.fullmatch(r"[0-9]{5}", x) for x in nis),
       "285 distinct 5-digit NIS codes")
bad = [local(m) for m in munis
       if local(m) != "id/gemeente/" + str(gm.value(m, BESTUUR.nisCode))
       or len(lang_values(gm, m, SKOS.prefLabel, "nl")) != 1
       or (m, BESLUIT.classificatie, URIRef("http://data.vlaanderen.be/id/concept/"
           "BestuurseenheidClassificatieCode/5ab0e9b8a3b2ca7c5e000001")) not in gm
       or gm.value(m, BESTUUR.provincie) not in concepts
       or str(union.value(gm.value(m, BESTUUR.provincie), SKOS.notation))[0] != local(m)[12]]
report(not bad, "every municipality: IRI from NIS code, one Dutch name, classification Gemeente, "
       "province matching the first NIS digit", bad)
fz = graphs.get("data/fusies-2025.ttl", rdflib.Graph())
events = set(fz.subjects(RDF.type, BESTUUR.Fusie))
bad = []
for e in events:
    new = list(fz.objects(e, ORG.resultingOrganization))
    if len(new) != 1 or new[0] not in munis:
        bad.append(local(e) + " result")
        continue
    for o in fz.objects(e, ORG.originalOrganization):
        if o == new[0]:
            continue
        if o in munis or str(fz.value(o, BESTUUR.einddatum)) != "2024-12-31" \
                or (o, DCTERMS.isReplacedBy, new[0]) not in fz:
            bad.append(local(o))
report(len(events) == 13 and not bad,
       "13 mergers; former municipalities end 2024-12-31 and point to the new one", bad)

# --- vocabularies -------------------------------------------------------------
ours = [BASE + "ns/"]
defined = set()
for g in graphs.values():
    for t in (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
              RDFS.Datatype):
        defined |= set(g.subjects(RDF.type, t))
external_ns = ("http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
               "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#",
               "http://data.vlaanderen.be/ns/", "http://www.w3.org/ns/org#",
               "http://xmlns.com/foaf/0.1/", "http://www.opengis.net/ont/geosparql#")
bad = []
for p in (RDFS.domain, RDFS.range, RDFS.subClassOf):
    for s, o in union.subject_objects(p):
        if str(o).startswith(BASE):
            if o not in defined:
                bad.append("%s %s" % (local(s), local(o)))
        elif not str(o).startswith(external_ns):
            bad.append("%s: unknown external %s" % (local(s), o))
report(not bad, "every rdfs:domain/range/subClassOf class is defined or external", bad)
used = set()
for s, p, o in union:
    for t in (p, o) if p != RDF.type else (o,):
        if isinstance(t, URIRef) and str(t).startswith(tuple(ours)) and "#" in str(t):
            used.add(t)
    if p == RDF.type and str(o).startswith(tuple(ours)):
        used.add(o)
bad = sorted(local(t) for t in used if t not in defined)
report(not bad, "every term of the registry's namespaces used in any file is defined", bad)
bad = []
for t in defined:
    if not str(t).startswith(BASE):
        continue
    for lang in ("nl", "en"):
        if not lang_values(union, t, RDFS.label, lang):
            bad.append("%s rdfs:label@%s" % (local(t), lang))
        if not lang_values(union, t, SKOS.definition, lang):
            bad.append("%s skos:definition@%s" % (local(t), lang))
    if not list(union.objects(t, RDFS.isDefinedBy)):
        bad.append(local(t) + " rdfs:isDefinedBy")
report(not bad, "every term has rdfs:label and skos:definition in nl and en, and rdfs:isDefinedBy",
       bad)
bad = []
for f, g in graphs.items():
    heads = [h for t in (OWL.Ontology, SKOS.ConceptScheme,
                         URIRef("http://www.w3.org/ns/dcat#Dataset"))
             for h in g.subjects(RDF.type, t)]
    if len(heads) != 1:
        bad.append("%s: %d headers" % (f, len(heads)))
        continue
    h = heads[0]
    for p in (DCTERMS.title, DCTERMS.description):
        for lang in ("nl", "en"):
            if not lang_values(g, h, p, lang):
                bad.append("%s: %s@%s" % (f, p, lang))
    for p in (OWL.versionInfo, DCTERMS.modified, ADMS.status):
        if g.value(h, p) is None:
            bad.append("%s: %s" % (f, p))
report(not bad, "every file has one header with title, description (nl, en), version, "
       "modified and status", bad)

# --- shapes -------------------------------------------------------------------
shape_files = [f for f in graphs if f.startswith("shapes/")]
bad = []
for f in shape_files:
    g = graphs[f]
    name = f[len("shapes/"):-len(".ttl")]
    head = URIRef(BASE + "doc/applicatieprofiel/%s/shacl" % name)
    if (head, RDF.type, OWL.Ontology) not in g:
        bad.append(f + ": no shapes graph header " + local(head))
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(g.objects(None, SH.property))
    for s in shapes:
        if isinstance(s, URIRef) and not str(s).startswith(str(head) + "#"):
            bad.append("%s: shape outside the shapes graph: %s" % (f, local(s)))
    for s in set(g.objects(None, SH.property)) | set(g.subjects(RDF.type, SH.PropertyShape)):
        if len(list(g.objects(s, SH.path))) != 1:
            bad.append("%s: property shape without exactly one sh:path: %s" % (f, local(s)))
    for s in g.subjects(RDF.type, SH.NodeShape):
        if list(g.objects(s, SH.path)):
            bad.append("%s: node shape with sh:path: %s" % (f, local(s)))
    refs = list(g.objects(None, SH.node)) + list(g.objects(None, SH["not"]))
    for lp in (SH.xone, SH["or"], SH["and"]):
        for lst in g.objects(None, lp):
            refs += list(rdflib.collection.Collection(g, lst))
    for r in refs:
        if r not in shapes and not list(g.predicate_objects(r)):
            bad.append("%s: reference to an undefined shape %s" % (f, local(r)))
    for s, c in g.subject_objects(SH.targetClass):
        if c not in defined:
            bad.append("%s: target class not defined: %s" % (f, local(c)))
    for s in g.subjects(RDF.type, SH.NodeShape):
        for lang in ("nl", "en"):
            if not lang_values(g, s, SH.name, lang):
                bad.append("%s: %s has no sh:name@%s" % (f, local(s), lang))
    for s in g.objects(None, SH.property):
        for lang in ("nl", "en"):
            if not lang_values(g, s, SH.message, lang):
                bad.append("%s: %s has no sh:message@%s" % (f, local(s), lang))
    for s in g.subjects(SH.targetClass, None):
        for lang in ("nl", "en"):
            if not lang_values(g, s, SH.description, lang):
                bad.append("%s: %s has no sh:description@%s" % (f, local(s), lang))
    for s, c in g.subject_objects(SH.sparql):
        sel = list(g.objects(c, SH.select))
        if len(sel) != 1:
            bad.append("%s: SPARQL constraint without one sh:select" % f)
            continue
        try:
            prepareQuery(str(sel[0]), base=BASE)
        except Exception as e:  # report any parse error
            bad.append("%s: sh:select does not parse: %s" % (f, e))
report(len(shape_files) == 3 and not bad,
       "shapes files are well-formed SHACL (paths, references, targets, names, messages)", bad)


def sparql_constraint(f, shape_local):
    g = graphs[f]
    s = URIRef(BASE + "doc/applicatieprofiel/" + shape_local)
    c = g.value(s, SH.sparql)
    return str(g.value(c, SH.select)) if c is not None else "SELECT * WHERE {}"


SAMPLE_BBC = """
@prefix bbc: <ns/bbc#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<id/boeking/1> a bbc:Boeking .
<id/boeking/1/1> bbc:boeking <id/boeking/1> ; bbc:debet "100.50"^^xsd:decimal .
<id/boeking/1/2> bbc:boeking <id/boeking/1> ; bbc:credit "60.25"^^xsd:decimal .
<id/boeking/1/3> bbc:boeking <id/boeking/1> ; bbc:credit "40.25"^^xsd:decimal .
<id/boeking/2> a bbc:Boeking .
<id/boeking/2/1> bbc:boeking <id/boeking/2> ; bbc:debet "10"^^xsd:decimal .
<id/boeking/2/2> bbc:boeking <id/boeking/2> ; bbc:credit "9.99"^^xsd:decimal .
"""
try:
    data = rdflib.Graph().parse(data=SAMPLE_BBC, format="turtle", publicID=BASE)
    q = sparql_constraint("shapes/bbc-boeking.ttl", "bbc-boeking/shacl#BoekingShape")
    rows = list(data.query(q, base=BASE))
    got = sorted(local(r[0]) for r in rows)
    report(got == ["id/boeking/2"], "balance constraint flags the unbalanced entry only", got)
except Exception as e:
    report(False, "balance constraint flags the unbalanced entry only", [e])

SAMPLE_VIP = """
@prefix vip: <ns/vip#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<id/dossier/1> vip:afleverdatum "2025-03-10"^^xsd:date ; vip:geldigTot "2026-03-10"^^xsd:date .
<id/dossier/2> vip:afleverdatum "2025-03-10"^^xsd:date ; vip:geldigTot "2026-03-11"^^xsd:date .
<id/dossier/3> vip:afleverdatum "2025-12-31"^^xsd:date ; vip:geldigTot "2026-06-30"^^xsd:date .
"""
try:
    data = rdflib.Graph().parse(data=SAMPLE_VIP, format="turtle", publicID=BASE)
    q = sparql_constraint("shapes/vip-aanvraag.ttl", "vip-aanvraag/shacl#VastgoeddossierShape")
    rows = list(data.query(q, base=BASE))
    got = sorted(local(r[0]) for r in rows)
    report(got == ["id/dossier/2"], "one-year validity constraint flags the long dossier only", got)
except Exception as e:
    report(False, "one-year validity constraint flags the long dossier only", [e])

# --- a small SHACL Core checker, as an independent look at the shapes --------
# It knows only the constraints the bundled profiles use and fails on any
# other, so a new kind of constraint cannot pass unchecked.

KNOWN = {SH.targetClass, SH.property, SH.path, SH.minCount, SH.maxCount, SH.datatype,
         SH["class"], SH.nodeKind, SH.hasValue, SH.pattern, SH.minInclusive, SH.maxInclusive,
         SH.minLength, SH.maxLength, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals, SH.node,
         SH.xone, SH["or"], SH["not"], SH.sparql, SH.name, SH.description, SH.message,
         RDF.type, RDFS.label, RDFS.comment}


class Checker:
    def __init__(self, shapes, data):
        self.s = shapes
        self.d = data
        self.unsupported = set()

    def types(self, x):
        seen = set()
        todo = list(self.d.objects(x, RDF.type))
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo += list(self.d.objects(t, RDFS.subClassOf))
        return seen

    def path_values(self, focus, path):
        inv = self.s.value(path, SH.inversePath)
        if inv is not None:
            return set(self.d.subjects(inv, focus))
        if (path, RDF.first, None) in self.s:
            nodes = {focus}
            for step in rdflib.collection.Collection(self.s, path):
                nodes = {o for n in nodes for o in self.path_values(n, step)}
            return nodes
        return set(self.d.objects(focus, path))

    def ordered(self, a, b, strict):
        try:
            x, y = a.toPython(), b.toPython()
            return x < y if strict else x <= y
        except Exception:
            return False

    def value_ok(self, shape, v):
        """Constraints that look at one value node."""
        s = self.s
        errs = []
        dt = s.value(shape, SH.datatype)
        if dt is not None:
            if dt == RDF.langString:
                good = isinstance(v, Literal) and v.language is not None
            elif dt == XSD.string:  # RDF 1.1: a simple literal is an xsd:string
                good = isinstance(v, Literal) and v.language is None and v.datatype in (None, dt)
            else:
                good = isinstance(v, Literal) and v.datatype == dt
            if not good:
                errs.append("datatype")
        c = s.value(shape, SH["class"])
        if c is not None and c not in self.types(v):
            errs.append("class")
        nk = s.value(shape, SH.nodeKind)
        if nk is not None and not (nk == SH.IRI and isinstance(v, URIRef)):
            errs.append("nodeKind")
        p = s.value(shape, SH.pattern)
        if p is not None and (isinstance(v, rdflib.BNode) or not re.search(str(p), str(v))):
            errs.append("pattern")
        lo = s.value(shape, SH.minInclusive)
        if lo is not None and not (isinstance(v, Literal) and self.ordered(lo, v, False)):
            errs.append("minInclusive")
        hi = s.value(shape, SH.maxInclusive)
        if hi is not None and not (isinstance(v, Literal) and self.ordered(v, hi, False)):
            errs.append("maxInclusive")
        ml = s.value(shape, SH.minLength)
        if ml is not None and len(str(v)) < int(ml):
            errs.append("minLength")
        ml = s.value(shape, SH.maxLength)
        if ml is not None and len(str(v)) > int(ml):
            errs.append("maxLength")
        n = s.value(shape, SH.node)
        if n is not None and not self.conforms(v, n):
            errs.append("node")
        return errs

    def check(self, focus, shape):
        """Return the names of the constraints of shape that focus violates."""
        s = self.s
        for p in s.predicates(shape, None):
            if p not in KNOWN:
                self.unsupported.add(str(p))
        errs = []
        path = s.value(shape, SH.path)
        if path is not None:
            vals = self.path_values(focus, path)
            mn = s.value(shape, SH.minCount)
            if mn is not None and len(vals) < int(mn):
                errs.append("minCount")
            mx = s.value(shape, SH.maxCount)
            if mx is not None and len(vals) > int(mx):
                errs.append("maxCount")
            hv = s.value(shape, SH.hasValue)
            if hv is not None and hv not in vals:
                errs.append("hasValue")
            if s.value(shape, SH.uniqueLang) == Literal(True):
                langs = [v.language for v in vals if isinstance(v, Literal) and v.language]
                if len(langs) != len(set(langs)):
                    errs.append("uniqueLang")
            for key, strict in ((SH.lessThan, True), (SH.lessThanOrEquals, False)):
                other = s.value(shape, key)
                if other is not None:
                    for v in vals:
                        for w in self.d.objects(focus, other):
                            if not self.ordered(v, w, strict):
                                errs.append(str(key).split("#")[1])
            for v in vals:
                errs += self.value_ok(shape, v)
        else:
            hv = s.value(shape, SH.hasValue)
            if hv is not None and focus != hv:
                errs.append("hasValue")
            errs += self.value_ok(shape, focus)
            for ps in s.objects(shape, SH.property):
                if self.check(focus, ps):
                    errs.append("property " + local(ps))
            for lst in s.objects(shape, SH.xone):
                n = sum(self.conforms(focus, m) for m in rdflib.collection.Collection(s, lst))
                if n != 1:
                    errs.append("xone")
            for lst in s.objects(shape, SH["or"]):
                if not any(self.conforms(focus, m) for m in rdflib.collection.Collection(s, lst)):
                    errs.append("or")
            for m in s.objects(shape, SH["not"]):
                if self.conforms(focus, m):
                    errs.append("not")
            for c in s.objects(shape, SH.sparql):
                q = str(s.value(c, SH.select))
                hits = {r[0] for r in self.d.query(q, base=BASE)}
                if focus in hits:
                    errs.append("sparql " + local(c))
        return errs

    def conforms(self, focus, shape):
        return not self.check(focus, shape)

    def validate(self):
        out = []
        for shape, cls in self.s.subject_objects(SH.targetClass):
            for x in set(self.d.subjects(RDF.type, None)):
                if cls in self.types(x):
                    for e in self.check(x, shape):
                        out.append((local(x), local(shape).split("#")[1], e))
        return sorted(set(out))


def validate(shapes_file, sample):
    data = rdflib.Graph()
    for f, g in graphs.items():
        if not f.startswith("shapes/"):
            for t in g:
                data.add(t)
    if sample:
        data.parse(data=PREFIXES + sample, format="turtle", publicID=BASE)
    ch = Checker(graphs[shapes_file], data)
    res = ch.validate()
    return res, ch.unsupported


PREFIXES = """
@prefix bbc: <ns/bbc#> .
@prefix parkeren: <ns/parkeren#> .
@prefix vip: <ns/vip#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

bad = []
for f in shape_files:
    res, unsupported = validate(f, "")
    bad += ["%s: %s" % (f, r) for r in res] + ["%s: unsupported %s" % (f, u) for u in unsupported]
report(not bad, "the bundled data conform to the three profiles", bad)

GOOD_BBC = """
<id/boeking/11001-2025-1> a bbc:Boeking ;
    bbc:boekingsnummer "2025-1" ; bbc:boekdatum "2025-03-14"^^xsd:date ;
    bbc:omschrijving "Aanleg fietspad"@nl ; bbc:bestuur <id/gemeente/11001> ;
    bbc:boekjaar "2025"^^xsd:gYear .
<id/boeking/11001-2025-1/1> a bbc:Boekingslijn ; bbc:boeking <id/boeking/11001-2025-1> ;
    bbc:volgnummer "1"^^xsd:positiveInteger ;
    bbc:algemeneRekening <id/concept/AlgemeneRekening/2247> ;
    bbc:beleidsveld <id/concept/Beleidsveld/0200> ;
    bbc:economischeCode <id/concept/EconomischeCode/I.1.B.1.b> ;
    bbc:debet "12500.00"^^xsd:decimal .
<id/boeking/11001-2025-1/2> a bbc:Boekingslijn ; bbc:boeking <id/boeking/11001-2025-1> ;
    bbc:algemeneRekening <id/concept/AlgemeneRekening/2240> ;
    bbc:beleidsveld <id/concept/Beleidsveld/0200> ;
    bbc:economischeCode <id/concept/EconomischeCode/I.1.B.1.b> ;
    bbc:credit "12500.00"^^xsd:decimal .
"""
BAD_BBC = """
<id/boeking/x> a bbc:Boeking ;
    bbc:boekdatum "2019-12-31"^^xsd:date ; bbc:omschrijving "Fout"@nl ;
    bbc:bestuur <id/gemeente/99999> .
<id/boeking/x/1> a bbc:Boekingslijn ; bbc:boeking <id/boeking/x> ;
    bbc:algemeneRekening <id/concept/AlgemeneRekening/224> ;
    bbc:beleidsveld <id/concept/Beleidsveld/domein-02> ;
    bbc:economischeCode <id/concept/EconomischeCode/I.1.C> ;
    bbc:debet "10.00"^^xsd:decimal ; bbc:credit "5.00"^^xsd:decimal .
<id/boeking/x/2> a bbc:Boekingslijn ; bbc:boeking <id/boeking/x> ;
    bbc:algemeneRekening <id/concept/Parkeerregime/gratis> ;
    bbc:beleidsveld <id/concept/Beleidsveld/0220> ;
    bbc:economischeCode <id/concept/EconomischeCode/I.1.C> ;
    bbc:credit "-1.00"^^xsd:decimal .
"""
res, _ = validate("shapes/bbc-boeking.ttl", GOOD_BBC)
report(not res, "a well-formed balanced entry conforms to bbc-boeking", res)
res, _ = validate("shapes/bbc-boeking.ttl", BAD_BBC)
got = sorted({(r[0], r[2].split("#")[-1]) for r in res})
want = [("id/boeking/x", "Boeking-bestuur"), ("id/boeking/x", "Boeking-boekdatum"),
        ("id/boeking/x", "Boeking-boekjaar"), ("id/boeking/x", "Boeking-evenwicht"),
        ("id/boeking/x/1", "Lijn-beleidsveld"), ("id/boeking/x/1", "xone"),
        ("id/boeking/x/2", "Lijn-algemeneRekening"), ("id/boeking/x/2", "Lijn-credit")]
report(got == want, "a faulty entry gets exactly the expected bbc-boeking violations", got)

GOOD_PARK = """
<id/parkeerrecht/1> a parkeren:Vergunning ;
    parkeren:vergunningsnummer "BK-2025-0042" ;
    parkeren:voertuig [ a parkeren:Voertuig ; parkeren:nummerplaat "1ABC123" ; parkeren:land "BE" ] ;
    parkeren:zone <id/parkeerzone/11002-Z1> ;
    parkeren:regime <id/concept/Parkeerregime/bewoners> ;
    parkeren:begin "2025-01-01T00:00:00+01:00"^^xsd:dateTime ;
    parkeren:uitgevendBestuur <id/gemeente/11002> ;
    parkeren:aanbieder <id/aanbieder/stad-antwerpen> ;
    parkeren:status <id/concept/ParkeerrechtStatus/actief> .
<id/parkeerzone/11002-Z1> a parkeren:Zone ; parkeren:zonecode "Z1" ;
    parkeren:beheerder <id/gemeente/11002> ; parkeren:regime <id/concept/Parkeerregime/betalend> ;
    parkeren:maximaleDuur "PT2H"^^xsd:duration .
"""
BAD_PARK = """
<id/parkeerrecht/2> a parkeren:Parkeerrecht ;
    parkeren:voertuig [ a parkeren:Voertuig ; parkeren:nummerplaat "1-abc-123" ; parkeren:land "BEL" ] ;
    parkeren:zone <id/parkeerzone/11002-Z1> ;
    parkeren:regime <id/concept/ParkeerrechtStatus/actief> ;
    parkeren:begin "2025-01-02T10:00:00Z"^^xsd:dateTime ;
    parkeren:einde "2025-01-02T09:00:00Z"^^xsd:dateTime ;
    parkeren:uitgevendBestuur <id/gemeente/11002> ;
    parkeren:aanbieder <id/aanbieder/app> ;
    parkeren:status <id/concept/ParkeerrechtStatus/actief> .
<id/parkeerrecht/3> a parkeren:Parkeerrecht ;
    parkeren:voertuig [ a parkeren:Voertuig ; parkeren:nummerplaat "1ABC123" ; parkeren:land "BE" ] ;
    parkeren:zone <id/parkeerzone/11002-Z1> ;
    parkeren:regime <id/concept/Parkeerregime/blauwe-zone> ;
    parkeren:begin "2025-01-02T10:00:00"^^xsd:dateTime ;
    parkeren:uitgevendBestuur <id/gemeente/11002> ;
    parkeren:aanbieder <id/aanbieder/app> ;
    parkeren:status <id/concept/ParkeerrechtStatus/beeindigd> .
"""
res, _ = validate("shapes/parkeerrecht.ttl", GOOD_PARK)
report(not res, "a resident permit and its zone conform to parkeerrecht", res)
res, _ = validate("shapes/parkeerrecht.ttl", BAD_PARK)
got = sorted({(r[0], r[2].split("#")[-1]) for r in res if r[0].startswith("id/parkeerrecht/")})
want = [("id/parkeerrecht/2", "Recht-begin"), ("id/parkeerrecht/2", "Recht-regime"),
        ("id/parkeerrecht/2", "Recht-voertuig"), ("id/parkeerrecht/3", "Recht-begin"),
        ("id/parkeerrecht/3", "or")]
report(got == want, "faulty parking rights get exactly the expected violations", got)

GOOD_VIP = """
<id/aanvraag/1> a vip:Aanvraag ;
    vip:aanvrager <id/aanvrager/notaris-1> ; vip:aanvraagdatum "2025-03-01"^^xsd:date ;
    vip:perceel <id/perceel/1> ; vip:bestuur <id/gemeente/13040> ;
    vip:opdracht "NOT-2025-17" ; vip:dossier <id/dossier/1> ;
    vip:retributie <id/retributie/vip-13040>, <id/retributie/vip-platform> .
<id/aanvrager/notaris-1> a vip:Aanvrager ; foaf:name "Notaris Peeters" .
<id/perceel/1> a vip:KadastraalPerceel ; vip:capakey "13040A0123/00B000" .
<id/dossier/1> a vip:Vastgoeddossier ; vip:perceel <id/perceel/1> ;
    vip:bestuur <id/gemeente/13040> ;
    vip:afleverdatum "2025-03-20"^^xsd:date ; vip:geldigTot "2026-03-20"^^xsd:date ;
    vip:inlichting [ a vip:ErfgoedInlichting ; vip:inhoud "Geen bescherming."@nl ] .
"""
BAD_VIP = """
<id/aanvraag/2> a vip:Aanvraag ;
    vip:aanvrager <id/aanvrager/x> ; vip:aanvraagdatum "2024-01-15"^^xsd:date ;
    vip:perceel <id/perceel/2> ; vip:bestuur <id/gemeente/13040> .
<id/aanvrager/x> a vip:Aanvrager ; foaf:name "X" .
<id/perceel/2> a vip:KadastraalPerceel ; vip:capakey "13040A123/00B000" .
<id/dossier/2> a vip:Vastgoeddossier ; vip:perceel <id/perceel/1>, <id/perceel/2> ;
    vip:afleverdatum "2025-03-20"^^xsd:date ; vip:geldigTot "2026-04-01"^^xsd:date ;
    vip:inlichting [ a vip:MilieuInlichting ] .
<id/perceel/1> a vip:KadastraalPerceel ; vip:capakey "13040A0123/00B000" .
"""
res, _ = validate("shapes/vip-aanvraag.ttl", GOOD_VIP)
report(not res, "a request with its dossier conforms to vip-aanvraag", res)
res, _ = validate("shapes/vip-aanvraag.ttl", BAD_VIP)
got = sorted({(r[0], r[2].split("#")[-1]) for r in res})
want = [("id/aanvraag/2", "Aanvraag-aanvraagdatum"), ("id/aanvraag/2", "Aanvraag-perceel"),
        ("id/dossier/2", "Dossier-hoogstensEenJaar"), ("id/dossier/2", "Dossier-perceel"),
        ("id/perceel/2", "Perceel-capakey")]
report(got == want, "a faulty request and dossier get exactly the expected violations", got)
EOF
    status=$?
    sed 's/^/# /' "$tmp/py.err"
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "not ok - "*) not_ok "${line#not ok - }" ;;
        *) echo "$line" ;;
        esac
    done <"$tmp/py.out"
    [ "$status" -eq 0 ] || not_ok "rdflib checks ran to the end"
else
    skip "structure checks" "python3-rdflib not installed"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
