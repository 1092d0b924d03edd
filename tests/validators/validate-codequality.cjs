// Checks a GitLab Code Quality report against codequality.schema.json with ajv, and that
// its fingerprints are unique. Usage: NODE_PATH=<validators>/node_modules node
// validate-codequality.cjs REPORT. Prints every problem; exits 1 on any, 0 when valid.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "codequality.schema.json"), "utf8"));
const raw = fs.readFileSync(process.argv[2]);
if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
  console.log("the file starts with a byte-order mark");
  process.exit(1);
}
const report = JSON.parse(raw.toString("utf8"));
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
let ok = validate(report);
for (const e of validate.errors || []) {
  console.log(`${e.instancePath || "/"}: ${e.message}`);
}
const seen = new Set();
for (const [i, issue] of (Array.isArray(report) ? report : []).entries()) {
  if (seen.has(issue.fingerprint)) {
    console.log(`/${i}/fingerprint: ${issue.fingerprint} appears twice`);
    ok = false;
  }
  seen.add(issue.fingerprint);
}
console.log(ok ? `valid: ${seen.size} issues` : "invalid");
process.exit(ok ? 0 : 1);
