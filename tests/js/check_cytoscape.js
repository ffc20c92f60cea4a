// Loads a Cytoscape.js JSON export with cytoscape.js (headless) and prints what survived.
// Usage: node check_cytoscape.js graph.cyjs
const fs = require("fs");
const cytoscape = require("cytoscape");

const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, elements: doc.elements });
const again = cytoscape({ headless: true });
again.json(doc); // the path that drops edges without ids
const labels = {};
cy.edges().forEach((e) => { labels[e.id()] = e.data("label"); });
console.log(JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  nodes_after_json: again.nodes().length,
  edges_after_json: again.edges().length,
  edge_labels: labels,
}));
