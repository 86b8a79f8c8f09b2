// Lint Cypher statements with Neo4j's own parser and semantic checker
// (@neo4j-cypher/language-support). Input on stdin: a JSON array of {"name", "query"}.
// Output on stdout: a JSON array of {"name", "diagnostics": [{"severity","message","line","character"}]}.
// Undefined-parameter notices are dropped (isNotParamError): parameters are bound at run time.
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = items.map(({ name, query }) => {
  const res = lintCypherQuery(query, {});
  const diags = (res.diagnostics ?? res).filter(isNotParamError);
  return {
    name,
    diagnostics: diags.map((d) => ({
      severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info',
      message: d.message,
      line: d.range?.start?.line,
      character: d.range?.start?.character,
    })),
  };
});
process.stdout.write(JSON.stringify(out));
