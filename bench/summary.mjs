// Markdown summary of bench/results/report.json: the end-to-end results as tables (throughput vs
// limit, latency, sustained memory, restarts, profile), the consensus and contract tables, and
// every other benchmark's JSON as is.

const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const yes = (b) => (b ? 'met' : 'NOT met');

function pbft(p, md) {
  const o = p.options;
  md.push(
    `### Credit-weighted vs plain PBFT (real processes, ${o.rate} orders/s, ${o.phaseS} s per phase, ${o.blockIntervalMs} ms blocks)`,
    '',
    `"slow": the two highest-index validators' votes held ${o.slowVotesMs} ms (test mode). Messages: received by all nodes per committed block. Latency: proposal sent → commit on the primary, median and p90 over the phase's blocks.`,
    '',
    '| n | f | rule | weights | quorum (fewest nodes) | slow | blocks | msgs/block | commit p50 ms | commit p90 ms | backups p50 ms | view-change msgs | orders/s | load avg |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of p.rows)
    for (const x of r.phases)
      md.push(
        `| ${r.nodes} | ${r.f} | ${r.mode} | ${r.weights.join(',')} | ${r.quorum} (${r.smallestQuorumNodes}) | ${x.slow === 'none' ? 'none' : x.slowNodes.join(',')} | ${x.blocks} | ${fmt(x.messagesPerBlock, 1)} | ${fmt(x.commitLatencyMs.p50, 1)} | ${fmt(x.commitLatencyMs.p90, 1)} | ${fmt(x.backupCommitLatencyMs.p50, 1)} | ${x.viewChangeMessages} | ${fmt(x.orders.achievedPerSec, 1)} | ${(x.loadAvg ?? []).join(' → ')} |`,
      );
  md.push(
    '',
    'At n = 4 (f = 1) and n = 7 with f = 2 the weights are all 1: both rules are the same quorum (not run).',
    '',
    `The PBFT comparison took ${fmt(p.seconds)} s.`,
    '',
  );
}

function e2e(r, md) {
  const lim = r.signatureLimit;
  md.push('## End to end (real leagd processes on 127.0.0.1)', '');
  if (r.quick) md.push('**Quick (smoke) run: short steps, not the full measurement.**', '');
  if (r.only === 'pbft') {
    pbft(r.pbft, md);
    return;
  }
  md.push(
    `Signature limit (node SigCache path, ${lim.backend ?? 'openssl'}, ${lim.cores} worker threads, median of ${lim.repeats}): ` +
      `**${fmt(lim.machinePerSec)} verifications/s** (one core: ${fmt(lim.perCorePerSec)}/s).` +
      (lim.openssl === undefined
        ? ''
        : ` The same path with OpenSSL (the node's until 2026-12-07, when the target was set): ${fmt(lim.openssl.machinePerSec)}/s (one core: ${fmt(lim.openssl.perCorePerSec)}/s).`),
    '',
  );
  if (r.orderMix !== undefined) md.push(`Orders: ${r.orderMix}.`, '');
  md.push(
    '| nodes | limit (orders/s) | max committed (orders/s, median) | achieved / limit | OpenSSL limit (orders/s) | achieved / OpenSSL limit | saturated at offered |',
    '|---|---|---|---|---|---|---|',
  );
  for (const s of r.sweeps ?? []) {
    md.push(
      `| ${s.nodes} | ${fmt(s.limitPerSec)} | ${fmt(s.maxAchievedPerSec, 1)} (${s.maxAchievedSamples.join(', ')}) | ${fmt(s.achievedOverLimit, 3)} | ${fmt(s.openSslLimitPerSec)} | ${fmt(s.achievedOverOpenSslLimit, 3)} | ${s.saturatedAtOfferedPerSec ?? 'not reached'} |`,
    );
  }
  md.push('');
  for (const s of r.sweeps ?? []) {
    md.push(
      `### ${s.nodes} nodes: load steps`,
      '',
      '| offered/s | buys | achieved/s (steady) | with drain/s | acked | committed | lost | refused+skipped | p50 ms | p99 ms | txs/block |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const t of s.steps) {
      const refused = Object.values(t.rejected).reduce((a, b) => a + b, 0) + t.skipped;
      md.push(
        `| ${t.offeredPerSec} | ${t.buys ?? 0} | ${fmt(t.achievedPerSec, 1)} | ${fmt(t.overallPerSec, 1)} | ${t.acked} | ${t.committed} | ${t.lost} | ${refused} | ${fmt(t.latencyMs.p50)} | ${fmt(t.latencyMs.p99)} | ${fmt(t.meanTxsPerBlock, 1)} |`,
      );
    }
    md.push('');
  }
  const m = r.sustained80;
  if (m) {
    md.push(
      `### Sustained load (4 nodes, ${m.offeredPerSec} orders/s offered, ${fmt(m.durationS)} s, ${fmt(m.loadedS)} s of it sending)`,
      '',
      `Committed ${m.committed} orders (${m.lost} lost); median achieved ${fmt(m.medianAchievedPerSec, 1)}/s; order-to-finality over every order of the run p50 ${fmt(m.latencyMs?.p50)} ms, p90 ${fmt(m.latencyMs?.p90)} ms, **p99 ${fmt(m.latencyMs?.p99)} ms**, max ${fmt(m.latencyMs?.max)} ms (median of the steps' p99 ${fmt(m.medianP99Ms)} ms; steps' p99: ${m.stepP99Ms.map((x) => fmt(x)).join(', ')} ms).`,
      '',
      (m.walletMerges === undefined
        ? ''
        : `Between steps the EVs merged the coins they received into one per 80 (${m.walletMerges} Transfers), so the UTXO set stays about the same size. `) +
        'RSS sampled every second; start and end are means over the first 60 s after warm-up and the last 60 s (floors = lowest sample in the same spans).',
      '',
      '| node | RSS start MiB | RSS end MiB | end / start | floor start | floor end | floor end / start |',
      '|---|---|---|---|---|---|---|',
    );
    for (const [i, s] of m.startRssMiB.entries()) {
      md.push(
        `| ${i} | ${fmt(s, 1)} | ${fmt(m.endRssMiB[i], 1)} | ${fmt(m.growth[i], 3)} | ${fmt(m.startFloorMiB?.[i], 1)} | ${fmt(m.endFloorMiB?.[i], 1)} | ${fmt(m.floorGrowth?.[i], 3)} |`,
      );
    }
    md.push('');
  }
  if (r.restart) {
    md.push(
      '### Restart to caught up (node 3 of 4, SIGTERM, restarted after the others moved on)',
      '',
      '| blocks behind | chain height | API up ms | caught up ms | sync blocks/s |',
      '|---|---|---|---|---|',
    );
    for (const x of r.restart.rows)
      md.push(`| ${x.lagBlocks} | ${x.chainHeight} | ${x.apiUpMs} | ${x.caughtUpMs} | ${fmt(x.blocksPerSec, 1)} |`);
    md.push(
      '',
      `Fit: caught-up time ≈ ${fmt(r.restart.fixedMs)} ms + ${fmt(r.restart.msPerLagBlock, 1)} ms per block behind.`,
      '',
    );
  }
  if (r.profile) {
    const p = r.profile;
    md.push(
      `### CPU profile of node 0 under ${p.offeredPerSec} orders/s (${fmt(p.totalMs)} ms busy, ${fmt(p.idleMs)} ms idle; % of busy time)`,
      '',
      '| area | self % |',
      '|---|---|',
    );
    for (const a of p.byArea.slice(0, 12)) md.push(`| ${a.area} | ${fmt(a.selfPercent, 1)} |`);
    md.push('', '| function | where | self % |', '|---|---|---|');
    for (const f of p.functions.slice(0, 15)) md.push(`| ${f.function} | ${f.where} | ${fmt(f.selfPercent, 1)} |`);
    md.push('');
  }
  if (r.pbft) pbft(r.pbft, md);
  const t = r.targets;
  md.push(
    '### Targets',
    '',
    `- 4 nodes ≥ 60 % of the signature limit (${t.verificationBackend ?? 'openssl'} path): ${yes(t.fourNodeAtLeast60PercentOfLimit)} (${fmt(100 * t.fourNodeAchievedOverLimit, 1)} %; ${fmt(t.fourNodeAchievedPerSec, 1)} orders/s committed)`,
    ...(t.fourNodeAchievedOverOpenSslLimit === undefined
      ? []
      : [
          `- the same rate against the OpenSSL-path limit (the limit the target was set with; not the target as written): ${t.fourNodeAtLeast60PercentOfOpenSslLimit ? 'above' : 'below'} 60 % (${fmt(100 * t.fourNodeAchievedOverOpenSslLimit, 1)} %)`,
        ]),
    `- p99 < 2 s at 80 % of the saturation load (every order of the sustained run): ${yes(t.p99At80PercentUnder2s)} (${fmt(t.p99At80PercentLoadMs)} ms)`,
    `- memory flat within 10 %: ${yes(t.memoryFlatWithin10Percent)}`,
    '',
    `The e2e benchmark took ${fmt(r.seconds)} s.`,
    '',
  );
}

function consensus(r, md) {
  md.push(
    '## Consensus (simulation): plain vs credit-weighted PBFT',
    '',
    '| n | f | slow | mode | msgs/block | commit latency ms (sim) | smallest cert |',
    '|---|---|---|---|---|---|---|',
  );
  for (const x of r.simulation)
    md.push(
      `| ${x.n} | ${x.f} | ${x.slowNodes} | ${x.mode} | ${x.messagesPerBlock} | ${x.commitLatencyMs} | ${x.smallestCertificate} |`,
    );
  md.push(
    '',
    `State machine: ${r.throughput.messagesPerSecond} messages/s (${r.throughput.messagesPerCpuSecond}/CPU s), signatures excluded.`,
    '',
  );
}

function contract(r, md) {
  md.push(
    '## Contract clearing time',
    '',
    '| N buyers | M sellers | median ms | pairs | runs |',
    '|---|---|---|---|---|',
  );
  for (const x of r.sizes) md.push(`| ${x.n} | ${x.m} | ${fmt(x.ms, 3)} | ${x.pairs} | ${x.reps} |`);
  md.push('', `Growth: time ∝ (N+M)^${r.growthLogLogSlope} (least-squares log-log slope).`, '');
}

export function summary(report, seconds) {
  const md = [
    '# Benchmark summary',
    '',
    `Run ${report.date} on Node ${report.node}, ${report.machine}; \`npm run bench\` took ${fmt(seconds)} s.`,
    '',
  ];
  for (const [name, r] of Object.entries(report.results)) {
    if (r.ranAt) md.push(`*${name}: ran at ${r.ranAt}.*`, '');
    try {
      if (r.bench === 'e2e') e2e(r, md);
      else if (r.benchmark === 'consensus') consensus(r, md);
      else if (r.bench === 'contract-vm/clear') contract(r, md);
      else md.push(`## ${name}`, '', '```json', JSON.stringify(r, null, 2), '```', '');
    } catch (e) {
      md.push(`## ${name}`, '', `(summary failed: ${e.message})`, '', '```json', JSON.stringify(r, null, 2), '```', '');
    }
  }
  md.push('Full data: report.json. Targets and discussion: docs/performance.md.', '');
  return md.join('\n');
}
