PREFIX ex: <http://example.org/>
DELETE DATA { ex:a ex:b ex:c } ;
PREFIX fx: <http://example.org/f#>
INSERT { ?x fx:seen true } WHERE { ?x a fx:Thing FILTER NOT EXISTS { ?x fx:seen ?any } } ;
