// Parses a GraphML or GEXF file with graphology (the parsers of sigma.js and Gephi Lite).
// Usage: node check_graph_xml.js graphml|gexf FILE
const fs = require("fs");
const { DOMParser } = require("@xmldom/xmldom");
const Graph = require("graphology");

const [fmt, file] = process.argv.slice(2);
const parser = fmt === "gexf" ? require("graphology-gexf") : require("graphology-graphml");
const graph = parser.parse(Graph, fs.readFileSync(file, "utf8"), { DOMParser });
const nodes = {};
graph.forEachNode((key, attrs) => { nodes[key] = attrs; });
const edges = [];
graph.forEachEdge((key, attrs, source, target) => edges.push({ key, source, target, ...attrs }));
console.log(JSON.stringify({ order: graph.order, size: graph.size, nodes, edges }));
