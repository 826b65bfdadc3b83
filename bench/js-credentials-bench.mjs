#!/usr/bin/env node
// js-credentials-bench.mjs KEY.json CREDENTIALS.jsonl [WARMUP]
// Times the JavaScript stack (the ob3-verifier's Digital Bazaar libraries) on credentials that
// Microcred issued: vc.issue (eddsa-rdfc-2022) of each credential without its proof, and
// vc.verifyCredential of each signed credential, single-threaded after a warm-up.
// Must run from inside a copy of the ob3-verifier (it imports its node_modules and
// lib/offline.mjs); `microcred bench` copies it there. Prints one JSON object on stdout.
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {makeDocumentLoader, blockFetch} from './lib/offline.mjs';

blockFetch();
const [keyFile, credentialsFile, warmupArg] = process.argv.slice(2);
if (!keyFile || !credentialsFile) {
  console.error('usage: node js-credentials-bench.mjs KEY.json CREDENTIALS.jsonl [WARMUP]');
  process.exit(2);
}
const key = await Ed25519Multikey.from(JSON.parse(fs.readFileSync(keyFile, 'utf8')));
const signed = fs.readFileSync(credentialsFile, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
const unsigned = signed.map(({proof, ...rest}) => rest);
const documentLoader = makeDocumentLoader();
const verifySuite = new DataIntegrityProof({cryptosuite});
const warmup = Math.min(Number(warmupArg ?? 50), signed.length);

const issueOne = c => vc.issue({credential: structuredClone(c), suite: new DataIntegrityProof({signer: key.signer(), cryptosuite}), documentLoader});
const verifyOne = c => vc.verifyCredential({credential: c, suite: verifySuite, documentLoader});

for (let i = 0; i < warmup; i++) { await issueOne(unsigned[i]); await verifyOne(signed[i]); }

// CPU time as well as wall time: on a shared machine the wall clock also counts other people's work.
const cpuSeconds = u => (u.user + u.system) / 1e6;
let t0 = performance.now();
let c0 = process.cpuUsage();
for (const c of unsigned) await issueOne(c);
const signSeconds = (performance.now() - t0) / 1000;
const signCpuSeconds = cpuSeconds(process.cpuUsage(c0));

let failed = 0;
const failures = [];
t0 = performance.now();
c0 = process.cpuUsage();
for (const c of signed) {
  const r = await verifyOne(c);
  if (!r.verified) { failed++; if (failures.length < 3) failures.push(String(r.error?.errors?.[0]?.message ?? r.error?.message ?? r.results?.[0]?.error?.message)); }
}
const verifySeconds = (performance.now() - t0) / 1000;
const verifyCpuSeconds = cpuSeconds(process.cpuUsage(c0));

process.stdout.write(JSON.stringify({
  count: signed.length,
  signPerSecond: signed.length / signSeconds,
  verifyPerSecond: signed.length / verifySeconds,
  signPerCpuSecond: signed.length / signCpuSeconds,
  verifyPerCpuSecond: signed.length / verifyCpuSeconds,
  failed, failures, node: process.version,
}) + '\n');
process.exit(failed ? 1 : 0);
