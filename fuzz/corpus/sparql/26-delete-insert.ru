PREFIX ex: <http://example.org/>
WITH ex:g DELETE { ?s ex:old ?o } INSERT { ?s ex:new ?o } USING ex:g USING NAMED ex:h WHERE { ?s ex:old ?o }
