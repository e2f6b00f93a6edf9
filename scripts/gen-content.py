#!/usr/bin/env python3
"""Regenerate fundament's generated bundled content from the CSV sources.

Generated files (never edit them by hand; edit the CSV or this script):

  vocab/beleidsveld.ttl    <- data/sources/beleidsvelden.csv
  data/gemeenten.ttl       <- data/sources/municipalities.csv
  data/fusies-2025.ttl     <- data/sources/municipality-mergers-2025.csv,
                              data/sources/former-municipalities-2024.csv,
                              data/sources/municipalities.csv
  data/vip-retributies.ttl <- data/sources/vip-retributies.csv,
                              data/sources/municipalities.csv

Every IRI of the registry's own resources is written relative (no @base), so
the files resolve against whatever base URI the server is configured with.
The output depends only on the CSV files: no clock, no locale, no hash order,
so two runs give identical bytes.

Usage:
  gen-content.py [--srcdir DIR]            write the generated files
  gen-content.py [--srcdir DIR] --check    compare, write nothing; exit 1 on
                                           any difference
  gen-content.py [--srcdir DIR] --outdir D write into D instead of DIR

Python 3 standard library only.
"""

import argparse
import csv
import io
import os
import re
import sys
from decimal import Decimal, InvalidOperation

# Release of the generated content; bump together with the hand-written files.
VERSION = "0.1.0"
MODIFIED = "2026-11-29"

GEMEENTE_CLASSIFICATIE = (
    "http://data.vlaanderen.be/id/concept/BestuurseenheidClassificatieCode/"
    "5ab0e9b8a3b2ca7c5e000001")

# Province name (as in municipalities.csv) -> REFNIS code of the province
# (Statbel). The first digit of a municipality's NIS code gives the province.
PROVINCES = {
    "Antwerpen": ("10000", "1"),
    "Vlaams-Brabant": ("20001", "2"),
    "West-Vlaanderen": ("30000", "3"),
    "Oost-Vlaanderen": ("40000", "4"),
    "Limburg": ("70000", "7"),
}

MERGER_DATE = "2025-01-01"
FORMER_END_DATE = "2024-12-31"

SOURCE_BBC = ("Besluit van de Vlaamse Regering van 30 maart 2018 over de "
              "beleids- en beheerscyclus van de lokale en provinciale besturen")
SOURCE_EXPORT = ("Publieke BBC-DR-exporttabel (141 beleidsvelden, 285 NIS-codes) "
                 "in de repository gehuybre/embuild-analyses")

PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "bbc": "ns/bbc#",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "bestuur": "ns/bestuur#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vip": "ns/vip#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class SourceError(Exception):
    """A CSV row that does not hold what the generator expects."""


# ---------------------------------------------------------------- Turtle out

def lit(text, lang=None, datatype=None):
    """Return a Turtle literal for text (escaped), with a language or datatype."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    s = "".join(out)
    if lang:
        s += "@" + lang
    elif datatype:
        s += "^^" + datatype
    return s


def iri(rel):
    """Return a Turtle IRI reference; rel is relative to the configured base."""
    if re.search(r'[\s<>"{}|^`\\]', rel):
        raise SourceError("character not allowed in IRI: %r" % rel)
    return "<" + rel + ">"


class Doc:
    """A Turtle document built as resources with ordered predicate lists."""

    def __init__(self, header_lines, prefixes):
        self.header = header_lines
        self.prefixes = prefixes
        self.blocks = []

    def add(self, subject, pairs):
        """Add one subject block; pairs is a list of (predicate, [objects])."""
        self.blocks.append((subject, pairs))

    def text(self):
        buf = io.StringIO()
        for line in self.header:
            buf.write(("# " + line).rstrip() + "\n")
        buf.write("\n")
        for p in self.prefixes:
            buf.write("@prefix %s: <%s> .\n" % (p, PREFIXES[p]))
        for subject, pairs in self.blocks:
            buf.write("\n" + subject)
            first = True
            for pred, objs in pairs:
                if not objs:
                    continue
                sep = " " if first else " ;\n    "
                first = False
                one = "%s%s %s" % (sep, pred, ", ".join(objs))
                if len(objs) == 1 or len(one.split("\n")[-1]) <= 100 - 2:
                    buf.write(one)
                else:
                    buf.write("%s%s\n        %s" % (sep, pred, ",\n        ".join(objs)))
            buf.write(" .\n")
        return buf.getvalue()


def generated_header(title, sources):
    lines = [title, "", "GENERATED by scripts/gen-content.py from:"]
    lines += ["  " + s for s in sources]
    lines += ["Do not edit: change the source or the script and regenerate.",
              "Registry IRIs are relative and resolve against the configured base URI."]
    return lines


# ---------------------------------------------------------------- CSV in

def read_csv(path, columns, join_last=False):
    """Read a UTF-8 CSV with the given header; return a list of dicts.

    With join_last, surplus fields are joined (with ",") into the last column:
    the published VIP source has an unquoted comma in its free-text note.
    """
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise SourceError("%s: empty file" % path)
        if header != columns:
            raise SourceError("%s: header %r, expected %r" % (path, header, columns))
        rows = []
        for n, rec in enumerate(reader, start=2):
            if not rec:
                continue
            if join_last and len(rec) > len(columns):
                rec = rec[:len(columns) - 1] + [",".join(rec[len(columns) - 1:])]
            if len(rec) != len(columns):
                raise SourceError("%s:%d: %d fields, expected %d"
                                  % (path, n, len(rec), len(columns)))
            row = dict(zip(columns, (v.strip() for v in rec)))
            row["_line"] = n
            rows.append(row)
    return rows


def check(cond, path, row, msg):
    if not cond:
        raise SourceError("%s:%d: %s" % (path, row["_line"], msg))


# ---------------------------------------------------------------- Beleidsveld

def gen_beleidsveld(src):
    path = os.path.join(src, "data/sources/beleidsvelden.csv")
    rows = read_csv(path, ["code", "label_nl", "subdomain_code", "subdomain_label_nl",
                           "domain_code", "domain_label_nl"])
    domains = {}
    subdomains = {}
    fields = {}
    for r in rows:
        check(re.fullmatch(r"[0-9]{4}", r["code"]), path, r, "field code must have 4 digits")
        check(re.fullmatch(r"[0-9]{2}", r["domain_code"]), path, r,
              "domain code must have 2 digits")
        check(re.fullmatch(r"[0-9]{2,3}", r["subdomain_code"]), path, r,
              "subdomain code must have 2 or 3 digits")
        check(r["code"].startswith(r["domain_code"]), path, r, "field not under its domain")
        check(r["code"].startswith(r["subdomain_code"]), path, r, "field not under its subdomain")
        check(r["label_nl"], path, r, "empty label")
        check(r["code"] not in fields, path, r, "duplicate field code")
        fields[r["code"]] = r
        d = domains.setdefault(r["domain_code"], r["domain_label_nl"])
        check(d == r["domain_label_nl"], path, r, "domain label differs from earlier rows")
        s = subdomains.setdefault(r["subdomain_code"], (r["subdomain_label_nl"], r["domain_code"]))
        check(s == (r["subdomain_label_nl"], r["domain_code"]), path, r,
              "subdomain label or domain differs from earlier rows")

    def field_iri(code):
        return iri("id/concept/Beleidsveld/" + code)

    def sub_iri(code):
        return iri("id/concept/Beleidsveld/subdomein-" + code)

    def dom_iri(code):
        return iri("id/concept/Beleidsveld/domein-" + code)

    scheme = iri("id/conceptscheme/Beleidsveld")
    doc = Doc(generated_header("Code list Beleidsveld: BBC policy fields, subdomains and domains.",
                               ["data/sources/beleidsvelden.csv"]),
              ["adms", "bbc", "dcterms", "owl", "rdfs", "skos", "xsd"])
    doc.add(scheme, [
        ("a", ["skos:ConceptScheme"]),
        ("skos:prefLabel", [lit("Beleidsveld", "nl"), lit("Policy field", "en")]),
        ("rdfs:label", [lit("Beleidsveld", "nl"), lit("Policy field", "en")]),
        ("dcterms:title", [
            lit("Beleidsvelden van de beleids- en beheerscyclus (BBC)", "nl"),
            lit("Policy fields of the Flemish policy and management cycle (BBC)", "en")]),
        ("dcterms:description", [
            lit("De beleidsvelden (4 cijfers) van de BBC, gegroepeerd in beleidssubdomeinen en "
                "10 beleidsdomeinen. Elke boekingslijn draagt één beleidsveld.", "nl"),
            lit("The BBC policy fields (4 digits), grouped in policy subdomains and 10 policy "
                "domains. Every booking line carries one policy field.", "en")]),
        ("skos:definition", [
            lit("Functionele indeling van de uitgaven en ontvangsten van lokale besturen.", "nl"),
            lit("Functional classification of the expenditure and revenue of local governments.",
                "en")]),
        ("skos:scopeNote", [
            lit("Lijst zoals gevonden in een publieke BBC-DR-export: een beleidsveld dat nooit "
                "investeringsgegevens droeg, kan ontbreken. Beleidsvelden hebben de IRI "
                "id/concept/Beleidsveld/{code}; subdomeinen en domeinen krijgen het voorvoegsel "
                "subdomein- en domein-, omdat subdomein 00 en domein 00 dezelfde code dragen.",
                "nl"),
            lit("List as found in a public BBC-DR export: a field that never carried investment "
                "data may be missing. Fields have the IRI id/concept/Beleidsveld/{code}; "
                "subdomains and domains get the prefix subdomein- and domein-, because "
                "subdomain 00 and domain 00 carry the same code.", "en")]),
        ("dcterms:source", [lit(SOURCE_BBC, "nl"), lit(SOURCE_EXPORT, "nl")]),
        ("owl:versionInfo", [lit(VERSION)]),
        ("dcterms:modified", [lit(MODIFIED, datatype="xsd:date")]),
        ("adms:status", [iri("id/concept/ItemStatus/experimental")]),
        ("skos:hasTopConcept", [dom_iri(c) for c in sorted(domains)]),
    ])

    for dc in sorted(domains):
        subs = sorted(s for s, (_, d) in subdomains.items() if d == dc)
        doc.add(dom_iri(dc), [
            ("a", ["skos:Concept", "bbc:Beleidsdomein"]),
            ("skos:prefLabel", [lit(domains[dc], "nl")]),
            ("skos:notation", [lit(dc)]),
            ("skos:inScheme", [scheme]),
            ("skos:topConceptOf", [scheme]),
            ("skos:narrower", [sub_iri(s) for s in subs]),
        ])
    for sc in sorted(subdomains):
        label, dc = subdomains[sc]
        notes = []
        if label == domains[dc]:
            notes = [lit("In de bron draagt dit subdomein dezelfde naam als zijn beleidsdomein.",
                         "nl"),
                     lit("In the source this subdomain carries the same name as its policy "
                         "domain.", "en")]
        flds = sorted(c for c, r in fields.items() if r["subdomain_code"] == sc)
        doc.add(sub_iri(sc), [
            ("a", ["skos:Concept", "bbc:Beleidssubdomein"]),
            ("skos:prefLabel", [lit(label, "nl")]),
            ("skos:notation", [lit(sc)]),
            ("skos:inScheme", [scheme]),
            ("skos:broader", [dom_iri(dc)]),
            ("skos:narrower", [field_iri(c) for c in flds]),
            ("skos:scopeNote", notes),
        ])
    for code in sorted(fields):
        r = fields[code]
        doc.add(field_iri(code), [
            ("a", ["skos:Concept", "bbc:Beleidsveld"]),
            ("skos:prefLabel", [lit(r["label_nl"], "nl")]),
            ("skos:notation", [lit(code)]),
            ("skos:inScheme", [scheme]),
            ("skos:broader", [sub_iri(r["subdomain_code"])]),
        ])
    return doc.text()


# ---------------------------------------------------------------- Gemeenten

def read_municipalities(src):
    path = os.path.join(src, "data/sources/municipalities.csv")
    rows = read_csv(path, ["nis_code", "name", "province"])
    out = {}
    for r in rows:
        check(re.fullmatch(r"[0-9]{5}", r["nis_code"]), path, r, "NIS code must have 5 digits")
        check(r["province"] in PROVINCES, path, r, "unknown province %r" % r["province"])
        check(r["nis_code"][0] == PROVINCES[r["province"]][1], path, r,
              "first NIS digit does not match the province")
        check(r["name"], path, r, "empty name")
        check(r["nis_code"] not in out, path, r, "duplicate NIS code")
        out[r["nis_code"]] = r
    return out


def gemeente_iri(nis):
    return iri("id/gemeente/" + nis)


def municipality_pairs(nis, name, province):
    return [
        ("a", ["besluit:Bestuurseenheid"]),
        ("skos:prefLabel", [lit(name, "nl")]),
        ("rdfs:label", [lit(name, "nl")]),
        ("bestuur:nisCode", [lit(nis)]),
        ("bestuur:provincie", [iri("id/concept/Provincie/" + PROVINCES[province][0])]),
        ("besluit:classificatie", ["<" + GEMEENTE_CLASSIFICATIE + ">"]),
    ]


def gen_gemeenten(src):
    munis = read_municipalities(src)
    doc = Doc(generated_header("The Flemish municipalities since 1 January 2025.",
                               ["data/sources/municipalities.csv"]),
              ["adms", "besluit", "bestuur", "dcterms", "owl", "rdfs", "skos", "xsd"])
    dataset = iri("id/dataset/gemeenten")
    doc.add(dataset, [
        ("a", ["<http://www.w3.org/ns/dcat#Dataset>"]),
        ("dcterms:title", [lit("Vlaamse gemeenten", "nl"), lit("Flemish municipalities", "en")]),
        ("dcterms:description", [
            lit("De %d Vlaamse gemeenten sinds 1 januari 2025 (na de fusies), als "
                "besluit:Bestuurseenheid met NIS-code en provincie." % len(munis), "nl"),
            lit("The %d Flemish municipalities since 1 January 2025 (after the mergers), as "
                "besluit:Bestuurseenheid with NIS code and province." % len(munis), "en")]),
        ("dcterms:source", [lit(SOURCE_EXPORT, "nl")]),
        ("owl:versionInfo", [lit(VERSION)]),
        ("dcterms:modified", [lit(MODIFIED, datatype="xsd:date")]),
        ("adms:status", [iri("id/concept/ItemStatus/stable")]),
    ])
    for nis in sorted(munis):
        r = munis[nis]
        doc.add(gemeente_iri(nis), municipality_pairs(nis, r["name"], r["province"]))
    return doc.text()


# ---------------------------------------------------------------- Fusies 2025

def gen_fusies(src):
    munis = read_municipalities(src)
    fpath = os.path.join(src, "data/sources/former-municipalities-2024.csv")
    former = {}
    for r in read_csv(fpath, ["nis_code", "name", "province"]):
        check(re.fullmatch(r"[0-9]{5}", r["nis_code"]), fpath, r, "NIS code must have 5 digits")
        check(r["province"] in PROVINCES, fpath, r, "unknown province")
        check(r["nis_code"][0] == PROVINCES[r["province"]][1], fpath, r,
              "first NIS digit does not match the province")
        check(r["nis_code"] not in former, fpath, r, "duplicate NIS code")
        former[r["nis_code"]] = r
    mpath = os.path.join(src, "data/sources/municipality-mergers-2025.csv")
    mergers = []
    seen = set()
    for r in read_csv(mpath, ["new_nis_code", "new_name", "former_nis_codes"]):
        new = r["new_nis_code"]
        check(new in munis, mpath, r, "new NIS code %s not in municipalities.csv" % new)
        check(munis[new]["name"] == r["new_name"], mpath, r, "name differs from municipalities.csv")
        olds = r["former_nis_codes"].split()
        check(len(olds) >= 2, mpath, r, "a merger needs at least two former municipalities")
        for o in olds:
            check(o in former, mpath, r, "former NIS code %s not in %s" % (o, fpath))
            check(o not in seen, mpath, r, "former NIS code %s merged twice" % o)
            check(o == new or o not in munis, mpath, r,
                  "former NIS code %s is still a current municipality" % o)
            seen.add(o)
        mergers.append((new, r["new_name"], sorted(olds)))
    unused = sorted(set(former) - seen)
    if unused:
        raise SourceError("%s: codes not used by any merger: %s" % (fpath, " ".join(unused)))

    doc = Doc(generated_header(
        "The municipal mergers of 1 January 2025 as dated events.",
        ["data/sources/municipality-mergers-2025.csv",
         "data/sources/former-municipalities-2024.csv", "data/sources/municipalities.csv"]),
        ["adms", "besluit", "bestuur", "dcterms", "org", "owl", "rdfs", "skos", "xsd"])
    doc.add(iri("id/dataset/fusies-2025"), [
        ("a", ["<http://www.w3.org/ns/dcat#Dataset>"]),
        ("dcterms:title", [lit("Gemeentefusies 2025", "nl"), lit("Municipal mergers 2025", "en")]),
        ("dcterms:description", [
            lit("De %d fusies van 1 januari 2025 als gedateerde gebeurtenissen. Een voormalige "
                "gemeente behoudt haar eigen NIS-code en IRI en eindigt op %s; een nieuwe "
                "gemeente die de NIS-code van een fusiepartner overneemt, zet die IRI voort."
                % (len(mergers), FORMER_END_DATE), "nl"),
            lit("The %d mergers of 1 January 2025 as dated events. A former municipality keeps "
                "its own NIS code and IRI and ends on %s; a new municipality that takes over "
                "the NIS code of a partner continues that IRI." % (len(mergers), FORMER_END_DATE),
                "en")]),
        ("dcterms:source", [lit("Statbel, REFNIS-codes (gemeenten tot en met 31 december 2024 "
                                "en vanaf 1 januari 2025)", "nl"), lit(SOURCE_EXPORT, "nl")]),
        ("owl:versionInfo", [lit(VERSION)]),
        ("dcterms:modified", [lit(MODIFIED, datatype="xsd:date")]),
        ("adms:status", [iri("id/concept/ItemStatus/stable")]),
    ])
    for new, name, olds in sorted(mergers):
        ev = iri("id/fusie/2025-" + new)
        old_names = [former[o]["name"] for o in olds]
        doc.add(ev, [
            ("a", ["bestuur:Fusie"]),
            ("skos:prefLabel", [lit("Fusie tot %s (2025)" % name, "nl")]),
            ("rdfs:label", [lit("Fusie tot %s (2025)" % name, "nl"),
                            lit("Merger into %s (2025)" % name, "en")]),
            ("rdfs:comment", [lit("%s fusioneren op %s tot %s (NIS %s)."
                                  % (" en ".join([", ".join(old_names[:-1]), old_names[-1]]),
                                     MERGER_DATE, name, new), "nl")]),
            ("dcterms:date", [lit(MERGER_DATE, datatype="xsd:date")]),
            ("org:originalOrganization", [gemeente_iri(o) for o in olds]),
            ("org:resultingOrganization", [gemeente_iri(new)]),
        ])
    for new, name, olds in sorted(mergers):
        ev = iri("id/fusie/2025-" + new)
        pairs = [("org:resultedFrom", [ev])]
        if new not in olds:
            pairs.append(("bestuur:begindatum", [lit(MERGER_DATE, datatype="xsd:date")]))
        else:
            pairs.append(("org:changedBy", [ev]))
        doc.add(gemeente_iri(new), pairs)
        for o in olds:
            if o == new:
                continue
            r = former[o]
            pairs = municipality_pairs(o, r["name"], r["province"])
            pairs += [
                ("bestuur:einddatum", [lit(FORMER_END_DATE, datatype="xsd:date")]),
                ("org:changedBy", [ev]),
                ("dcterms:isReplacedBy", [gemeente_iri(new)]),
            ]
            doc.add(gemeente_iri(o), pairs)
    return doc.text()


# ---------------------------------------------------------------- VIP fees

def gen_vip(src):
    munis = read_municipalities(src)
    path = os.path.join(src, "data/sources/vip-retributies.csv")
    rows = read_csv(path, ["municipality", "nis_code", "fee_eur", "unit", "note"],
                    join_last=True)
    doc = Doc(generated_header("Published fees (retributies) for real-estate information (VIP).",
                               ["data/sources/vip-retributies.csv",
                                "data/sources/municipalities.csv"]),
              ["adms", "dcterms", "owl", "rdfs", "skos", "vip", "xsd"])
    doc.add(iri("id/dataset/vip-retributies"), [
        ("a", ["<http://www.w3.org/ns/dcat#Dataset>"]),
        ("dcterms:title", [lit("Retributies voor vastgoedinformatie (VIP)", "nl"),
                           lit("Fees for real-estate information (VIP)", "en")]),
        ("dcterms:description", [
            lit("Gepubliceerde retributies van enkele gemeenten per perceel of per dossier, "
                "bovenop de platformretributie van het Vastgoedinformatieplatform. Elke gemeente "
                "legt haar retributie vast in een gemeenteraadsreglement.", "nl"),
            lit("Published fees of a few municipalities per parcel or per dossier, on top of "
                "the platform fee of the real-estate information platform. Each municipality "
                "fixes its fee in a council regulation.", "en")]),
        ("dcterms:source", [lit("Gepubliceerde retributiereglementen van de gemeenten en de "
                                "tarieven van het Vastgoedinformatieplatform", "nl")]),
        ("owl:versionInfo", [lit(VERSION)]),
        ("dcterms:modified", [lit(MODIFIED, datatype="xsd:date")]),
        ("adms:status", [iri("id/concept/ItemStatus/experimental")]),
    ])
    entries = []
    for r in rows:
        try:
            fee = Decimal(r["fee_eur"])
        except InvalidOperation:
            raise SourceError("%s:%d: fee %r is not a number" % (path, r["_line"], r["fee_eur"]))
        check(fee >= 0, path, r, "negative fee")
        check(r["unit"] in ("perceel", "dossier"), path, r, "unit must be perceel or dossier")
        amount = lit(str(fee.quantize(Decimal("0.01"))), datatype="xsd:decimal")
        unit = iri("id/concept/RetributieEenheid/" + r["unit"])
        if r["municipality"] == "(platform)":
            check(not r["nis_code"], path, r, "the platform fee has no NIS code")
            m = re.search(r"capped at ([0-9]+) parcels", r["note"])
            check(m, path, r, "platform note must state the parcel cap")
            pairs = [
                ("a", ["vip:Platformretributie"]),
                ("skos:prefLabel", [lit("Platformretributie Vastgoedinformatieplatform", "nl")]),
                ("rdfs:label", [lit("Platformretributie Vastgoedinformatieplatform", "nl"),
                                lit("Platform fee of the real-estate information platform",
                                    "en")]),
                ("vip:bedrag", [amount]),
                ("vip:eenheid", [unit]),
                ("vip:maximumAantalPercelen", [lit(m.group(1), datatype="xsd:positiveInteger")]),
                ("vip:exclusiefBtw", [lit("true", datatype="xsd:boolean")]),
                ("rdfs:comment", [lit(r["note"], "en")]),
            ]
            entries.append(("platform", pairs))
            continue
        nis = r["nis_code"]
        check(nis in munis, path, r, "NIS code %s not in municipalities.csv" % nis)
        check(munis[nis]["name"] == r["municipality"], path, r,
              "name differs from municipalities.csv")
        name = r["municipality"]
        pairs = [
            ("a", ["vip:GemeentelijkeRetributie"]),
            ("skos:prefLabel", [lit("VIP-retributie %s" % name, "nl")]),
            ("rdfs:label", [lit("VIP-retributie %s" % name, "nl"),
                            lit("VIP fee of %s" % name, "en")]),
            ("vip:bestuur", [gemeente_iri(nis)]),
            ("vip:bedrag", [amount]),
            ("vip:eenheid", [unit]),
            ("rdfs:comment", [lit(r["note"], "en")] if r["note"] else []),
        ]
        entries.append((nis, pairs))
    keys = [k for k, _ in entries]
    if len(set(keys)) != len(keys):
        raise SourceError("%s: more than one fee for one municipality" % path)
    for key, pairs in sorted(entries):
        doc.add(iri("id/retributie/vip-" + key), pairs)
    return doc.text()


# ---------------------------------------------------------------- main

GENERATED = [
    ("vocab/beleidsveld.ttl", gen_beleidsveld),
    ("data/gemeenten.ttl", gen_gemeenten),
    ("data/fusies-2025.ttl", gen_fusies),
    ("data/vip-retributies.ttl", gen_vip),
]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Regenerate fundament's generated content.")
    ap.add_argument("--srcdir", default=os.path.dirname(here),
                    help="top source directory (holds data/sources/)")
    ap.add_argument("--outdir", help="write here instead of into --srcdir")
    ap.add_argument("--check", action="store_true",
                    help="compare with the files in --srcdir; write nothing")
    ap.add_argument("--list", action="store_true", help="print the generated file names")
    args = ap.parse_args(argv)
    if args.list:
        for name, _ in GENERATED:
            print(name)
        return 0
    outdir = args.outdir or args.srcdir
    status = 0
    for name, fn in GENERATED:
        try:
            text = fn(args.srcdir)
        except (SourceError, OSError) as e:
            print("gen-content: %s" % e, file=sys.stderr)
            return 2
        data = text.encode("utf-8")
        target = os.path.join(outdir, name)
        if args.check:
            try:
                with open(os.path.join(args.srcdir, name), "rb") as f:
                    old = f.read()
            except OSError as e:
                print("gen-content: %s: %s" % (name, e.strerror), file=sys.stderr)
                status = 1
                continue
            if old != data:
                print("gen-content: %s differs from a fresh regeneration" % name, file=sys.stderr)
                status = 1
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = target + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
