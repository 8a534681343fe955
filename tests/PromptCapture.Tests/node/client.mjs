// Sends one chat request through the official openai npm package and prints what the client saw, as JSON.
// Usage: node client.mjs <baseURL> < request.json   (request.json is a chat.completions.create body)
// Output: {"ok":true,"completion":{...}} for non-streaming, {"ok":true,"chunks":[...]} for streaming,
//         {"ok":false,"status":N,"error":{...}} when the SDK throws an API error.
import OpenAI from "openai";

const baseURL = process.argv[2];
const chunks = [];
for await (const piece of process.stdin) chunks.push(piece);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const client = new OpenAI({ baseURL, apiKey: "npm-client-key", maxRetries: 0, timeout: 30000 });

try {
  if (request.stream) {
    const stream = await client.chat.completions.create(request);
    const seen = [];
    for await (const chunk of stream) seen.push(chunk);
    console.log(JSON.stringify({ ok: true, chunks: seen }));
  } else {
    const completion = await client.chat.completions.create(request);
    console.log(JSON.stringify({ ok: true, completion }));
  }
} catch (err) {
  console.log(JSON.stringify({ ok: false, status: err.status ?? null, error: err.error ?? { message: String(err) } }));
}
