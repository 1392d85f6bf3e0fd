import { createHmac } from 'node:crypto';

// Requests for bench/lib/loadgen.ts: signed Facebook comment deliveries, each a new comment.
const secret = process.env['BENCH_APP_SECRET']!;
const page = process.env['BENCH_PAGE_ID']!;
const run = process.env['BENCH_RUN'] ?? '0';

export function makeRequest(i: number) {
  const body = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: page,
        time: 1764280000,
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: String(1000 + (i % 5000)), name: 'Warga Uji' },
              post_id: `${page}_1`,
              comment_id: `${page}_1_${run}_${process.pid}_${i}`,
              message: 'Min, jalan provinsi di Lubuk Basung rusak parah, banyak lubang, tolong segera diperbaiki sebelum ada korban. Terima kasih.',
              created_time: 1764279999,
              item: 'comment',
              verb: 'add',
            },
          },
        ],
      },
    ],
  });
  return {
    path: '/webhooks/facebook',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
    body,
  };
}
