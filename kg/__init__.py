"""news-kg: an article-linked RDF knowledge graph of people, military units, places and events."""

__version__ = "0.1.0"
