"""SPARQL over a built store: reading the request, running it, writing the results."""
