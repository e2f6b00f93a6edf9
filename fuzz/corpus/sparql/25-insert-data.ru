PREFIX ex: <http://example.org/>
INSERT DATA { ex:a ex:b "c" . GRAPH ex:g { ex:d ex:e [ ex:f 1 ] } }
