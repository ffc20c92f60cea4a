"""RDF side: namespaces, IRI minting, and Extraction -> article graph."""
