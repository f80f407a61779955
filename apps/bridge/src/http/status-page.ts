import type { BridgeStatus } from '../status.ts';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STATE_LABELS: Record<string, string> = {
  unknown: 'checking…',
  ready: 'ready',
  offline: 'offline — switched off or not reachable',
  paper_out: 'out of paper',
  cover_open: 'cover open',
  error: 'error',
};

/**
 * The page staff open on the store PC (http://127.0.0.1:<port>/): whether the bridge is paired,
 * the pairing code while pairing is open, and how each printer is doing.
 */
export function renderStatusPage(status: BridgeStatus, pairingCode: string | null): string {
  const pairing = pairingCode
    ? `<p class="code">Pairing code: <strong>${escapeHtml(pairingCode)}</strong></p>
       <p>Enter it on the register under Settings → Printer bridge. It changes every 10 minutes.</p>`
    : '';
  const paired = status.paired
    ? `<p>Paired with register <strong>${escapeHtml(status.paired.registerName)}</strong>.</p>`
    : '<p>Not paired with a register yet.</p>';
  const rows = status.printers
    .map(
      (
        printer,
      ) => `<tr><td>${escapeHtml(printer.name)}</td><td>${escapeHtml(printer.host)}:${printer.port}</td>
        <td>${escapeHtml(STATE_LABELS[printer.state] ?? printer.state)}</td><td>${printer.queued}</td>
        <td>${escapeHtml(printer.lastError ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>Tillpoint bridge</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.code strong{font-size:2rem;letter-spacing:.2rem}</style></head>
<body><h1>Tillpoint bridge ${escapeHtml(status.version)}</h1>
${paired}
${pairing}
<h2>Printers</h2>
<table><tr><th>Name</th><th>Address</th><th>State</th><th>Waiting</th><th>Last problem</th></tr>
${rows}
</table>
<p>Jobs: ${status.jobs.queued} waiting, ${status.jobs.printed} printed, ${status.jobs.failedPermanently} failed.</p>
</body></html>`;
}
