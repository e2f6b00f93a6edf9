"""Linked-data publishing over real HTTP: the URI space, content negotiation
in every format (by Accept, by extension, by ?format=), the graphs of the
Turtle, N-Triples, RDF/XML and JSON-LD answers isomorphic (checked with
rdflib, an independent parser), redirects, errors, validators, HEAD, CORS.
Prints TAP. Starts the real server on a free loopback port, stops it by pid."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import rdflib
from rdflib.compare import isomorphic

FUNDAMENT = os.environ['FUNDAMENT']
n = 0
failed = 0


def ok(cond, name, detail=''):
    global n, failed
    n += 1
    if cond:
        print('ok %d - %s' % (n, name))
    else:
        failed += 1
        print('not ok %d - %s' % (n, name))
        for line in str(detail).splitlines()[:20]:
            print('# ' + line)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(url, headers=None, method='GET'):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, dict((k.lower(), v) for k, v in r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict((k.lower(), v) for k, v in e.headers.items()), e.read()


def raw(port, target):
    """Send a request target byte for byte (urllib would normalise it)."""
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    s.sendall(b'GET ' + target + b' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return int(data.split(b' ', 2)[1]), data


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


tmp = tempfile.mkdtemp(prefix='fundament-conneg.')
port = free_port()
B = 'http://127.0.0.1:%d' % port
srv = subprocess.Popen([FUNDAMENT, 'serve', '--port', str(port), '--data-dir', tmp + '/data',
                        '--access-log', tmp + '/access.log'],
                       stdout=subprocess.DEVNULL, stderr=open(tmp + '/server.log', 'w'))
try:
    for _ in range(200):
        try:
            if get(B + '/health')[0] == 200:
                break
        except OSError:
            time.sleep(0.05)
    ok(get(B + '/health')[0] == 200, 'server is up')

    RESOURCES = [
        ('vocabulary', '/ns/bbc', B + '/ns/bbc#Boeking'),
        ('concept', '/doc/concept/Beleidsveld/0220', B + '/id/concept/Beleidsveld/0220'),
        ('concept scheme', '/doc/conceptscheme/Beleidsveld', B + '/id/conceptscheme/Beleidsveld'),
        ('thing', '/doc/gemeente/44021', B + '/id/gemeente/44021'),
    ]
    FORMATS = [  # name, extension, media type, rdflib parser
        ('Turtle', 'ttl', 'text/turtle', 'turtle'),
        ('N-Triples', 'nt', 'application/n-triples', 'nt'),
        ('N-Quads', 'nq', 'application/n-quads', 'nquads'),
        ('TriG', 'trig', 'application/trig', 'trig'),
        ('RDF/XML', 'rdf', 'application/rdf+xml', 'xml'),
        ('JSON-LD', 'jsonld', 'application/ld+json', 'json-ld'),
        ('HTML', 'html', 'text/html', None),
    ]
    jsonld_ok = get(B + RESOURCES[1][1] + '.jsonld')[0] == 200
    for kind, path, subject in RESOURCES:
        graphs = {}
        for name, ext, mt, parser in FORMATS:
            if name == 'JSON-LD' and not jsonld_ok:
                print('ok %d - %s %s # SKIP the JSON-LD writer is not built in' % (n + 1, kind, name))
                globals()['n'] += 1
                continue
            st, h, body = get(B + path, {'Accept': mt})
            ok(st == 200 and h.get('content-type', '').startswith(mt),
               '%s by Accept %s: 200 %s' % (kind, mt, mt), '%s %s' % (st, h.get('content-type')))
            ok('accept' in h.get('vary', '').lower(), '%s %s answer says Vary: Accept' % (kind, name))
            ok(h.get('content-location', '').endswith(path + '.' + ext),
               '%s %s answer names its Content-Location' % (kind, name), h.get('content-location'))
            st2, h2, body2 = get(B + path + '.' + ext, {'Accept': 'text/html'})
            ok(st2 == 200 and h2.get('content-type', '').startswith(mt) and body2 == body,
               '%s .%s beats Accept and gives the same bytes' % (kind, ext), '%s %s' % (st2, h2.get('content-type')))
            if parser:
                g = rdflib.ConjunctiveGraph() if parser in ('nquads', 'trig') else rdflib.Graph()
                try:
                    g.parse(data=body, format=parser, publicID=B + path)
                    ok(len(g) > 0 and (rdflib.URIRef(subject), None, None) in g,
                       '%s %s parses with rdflib and describes <%s>' % (kind, name, subject))
                    if parser not in ('nquads', 'trig'):
                        graphs[name] = g
                except Exception as e:  # a parse error is a failure, not a crash
                    ok(False, '%s %s parses with rdflib' % (kind, name), e)
        names = sorted(graphs)
        for other in names:
            if other != 'Turtle' and 'Turtle' in graphs:
                ok(isomorphic(graphs['Turtle'], graphs[other]),
                   '%s: %s and Turtle are isomorphic graphs' % (kind, other),
                   '%d vs %d triples' % (len(graphs['Turtle']), len(graphs[other])))

    concept = RESOURCES[1][1]
    # negotiation rules
    browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
    st, h, body = get(B + concept, {'Accept': browser})
    ok(st == 200 and h['content-type'].startswith('text/html') and b'<html' in body,
       'a browser-style Accept gets HTML', h.get('content-type'))
    ok('Parkeren' in body.decode('utf-8'), 'the HTML page shows the label')
    for accept, want in [('*/*', 'text/turtle'), ('text/*', 'text/turtle'), (None, 'text/turtle'),
                         ('application/rdf+xml, text/turtle;q=0.5', 'application/rdf+xml'),
                         ('text/turtle;q=0.2, application/n-triples;q=0.9', 'application/n-triples'),
                         ('text/html;q=0.1, application/rdf+xml;q=0.1', 'text/html'),
                         (';;;garbage,,', 'text/turtle')]:
        st, h, _ = get(B + concept, {'Accept': accept} if accept else {})
        ok(st == 200 and h['content-type'].startswith(want), 'Accept %r gives %s' % (accept, want),
           '%s %s' % (st, h.get('content-type')))
    st, h, body = get(B + concept, {'Accept': 'image/png'})
    ok(st == 406 and b'text/turtle' in body, '406 lists the supported types', st)
    st, h, body = get(B + concept + '?format=nonsense')
    ok(st == 406 and b'turtle' in body, 'unknown ?format= is 406 with the list', st)
    st, h, _ = get(B + concept + '?format=ntriples')
    ok(st == 200 and h['content-type'].startswith('application/n-triples'), '?format=ntriples')
    # JSON-LD: compacted with the registry's generated context, other forms by profile
    import json
    st, h, body = get(B + '/context/fundament.jsonld')
    ctx = json.loads(body) if st == 200 else {}
    ok(st == 200 and h['content-type'].startswith('application/ld+json') and
       isinstance(ctx.get('@context'), dict) and 'prefLabel' in ctx['@context'],
       'the generated context is served at /context/fundament.jsonld')
    st, h, body = get(B + concept + '.jsonld')
    doc = json.loads(body)
    ok(doc.get('@context') == B + '/context/fundament.jsonld', 'JSON-LD documents refer to the generated context')
    st, h, body = get(B + concept, {'Accept': 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'})
    ok(st == 200 and isinstance(json.loads(body), list) and 'profile=' in h['content-type'],
       'the expanded profile gives expanded JSON-LD', h.get('content-type'))
    st, _, _ = get(B + '/context/nothing.jsonld')
    ok(st == 404, 'an unknown context is 404')
    # URI space
    st, h, _ = get(B + '/id/concept/Beleidsveld/0220')
    ok(st == 303 and h.get('location') == B + concept, '/id/ answers 303 to /doc/', '%s %s' % (st, h.get('location')))
    st, h, _ = get(B + concept + '/')
    ok(st == 301 and h.get('location') == B + concept, 'a trailing slash redirects 301 to the canonical URL')
    st, h, _ = get(B + '/ns/bbc/')
    ok(st == 301 and h.get('location') == B + '/ns/bbc', '/ns/bbc/ redirects to /ns/bbc')
    st, h, body = get(B + '/ns/bbc', {'Accept': 'text/turtle'})
    g = rdflib.Graph().parse(data=body, format='turtle')
    ok((rdflib.URIRef(B + '/ns/bbc#Boekingslijn'), None, None) in g, 'the vocabulary document holds its terms')
    st, _, _ = get(B + '/doc/concept/Beleidsveld/9999')
    ok(st == 404, 'unknown resource is 404')
    st, _, _ = get(B + '/ns/nothing')
    ok(st == 404, 'unknown vocabulary is 404')
    st, h, _ = get(B + concept, method='DELETE')
    ok(st == 405 and 'GET' in h.get('allow', ''), '405 with Allow for other methods')
    st, h, body = get(B + concept + '.ttl', method='HEAD')
    ok(st == 200 and body == b'' and int(h.get('content-length', '0')) > 0, 'HEAD answers like GET without a body')
    # validators
    st, h, _ = get(B + concept + '.ttl')
    etag, lm = h.get('etag'), h.get('last-modified')
    ok(etag and lm and h.get('cache-control'), 'ETag, Last-Modified and Cache-Control are set')
    st, _, body = get(B + concept + '.ttl', {'If-None-Match': etag})
    ok(st == 304 and body == b'', 'If-None-Match answers 304')
    st, _, _ = get(B + concept + '.ttl', {'If-Modified-Since': lm})
    ok(st == 304, 'If-Modified-Since answers 304')
    st, _, _ = get(B + concept + '.ttl', {'If-None-Match': '"other"'})
    ok(st == 200, 'a different ETag gets the document')
    ok('rel="alternate"' in h.get('link', '') and '.jsonld>' in h.get('link', ''), 'Link names the alternates')
    # CORS
    st, h, _ = get(B + concept)
    ok(h.get('access-control-allow-origin') == '*', 'reads carry Access-Control-Allow-Origin: *')
    st, h, _ = get(B + concept, {'Origin': 'https://example.org', 'Access-Control-Request-Method': 'GET'},
                   method='OPTIONS')
    ok(st == 204 and 'GET' in h.get('access-control-allow-methods', '') and
       h.get('access-control-allow-origin') == '*', 'CORS preflight answers 204 with the methods', st)
    # bad targets
    for target, name in [(b'/doc/../health', '..'), (b'/doc/a%2Fb', 'encoded slash'),
                         (b'/doc/a%00b', 'NUL byte'), (b'/doc/a%zzb', 'invalid percent-encoding')]:
        st, data = raw(port, target)
        ok(st == 400 and len(data.split(b'\r\n\r\n', 1)[1]) > 0, '%s in the target is 400 with a message' % name, st)
    st, _ = raw(port, b'/doc/' + b'a' * 5000)
    ok(st in (400, 414), 'an over-long target is refused (414 URI Too Long)', st)
finally:
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=30)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = -9
    ok(rc == 0, 'server stops cleanly on SIGTERM', rc)
    shutil.rmtree(tmp, ignore_errors=True)
print('1..%d' % n)
sys.exit(1 if failed else 0)
