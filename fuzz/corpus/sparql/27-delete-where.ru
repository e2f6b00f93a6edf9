DELETE WHERE { GRAPH ?g { ?s <urn:tmp> ?o } }
