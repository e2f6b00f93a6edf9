# sparql.mk: sources and tests of this part (see Makefile.am)
