DELETE DATA { _:b <urn:p> 1 }
