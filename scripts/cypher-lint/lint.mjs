// Lints Cypher statements with Neo4j's own front-end (@neo4j-cypher/language-support).
// Reads {"schema": DbSchema, "files": [{"path", "text", "parameters"}]} on stdin and prints one
// JSON line per diagnostic: {"path", "line", "column", "severity", "message"}.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { schema, files } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

for (const file of files) {
  const dbSchema = { ...schema, parameters: Object.fromEntries(file.parameters.map((name) => [name, null])) };
  const { diagnostics } = lintCypherQuery(file.text, dbSchema);
  for (const d of diagnostics) {
    console.log(JSON.stringify({
      path: file.path,
      line: (d.range?.start?.line ?? 0) + 1,
      column: (d.range?.start?.character ?? 0) + 1,
      severity: d.severity === 1 ? 'error' : 'warning',
      message: d.message,
    }));
  }
}
