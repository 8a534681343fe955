// Drives /v1/embeddings and /v1/completions through the official openai npm package and prints what it saw, as JSON.
// Usage: node openai-extra.mjs <baseURL> <scenario>
//   embeddings   embeddings.create, float and base64 (the SDK's default, decoded by it) -> {ok, float, base64}
//   completions  completions.create, non-streaming and streamed                      -> {ok, text, streamed}
import OpenAI from "openai";

const [baseURL, scenario] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "npm-client-key", maxRetries: 0, timeout: 30000 });
const model = "fake-chat";

async function run() {
  switch (scenario) {
    case "embeddings": {
      const float = await client.embeddings.create({ model, input: ["hello", "hi"], encoding_format: "float" });
      // Without encoding_format the SDK asks for base64 and decodes it to numbers itself.
      const base64 = await client.embeddings.create({ model, input: "hello" });
      return { float, base64 };
    }
    case "completions": {
      const whole = await client.completions.create({ model, prompt: "Say hi", max_tokens: 10 });
      const stream = await client.completions.create({ model, prompt: "Again", stream: true });
      let streamed = "";
      for await (const chunk of stream) streamed += chunk.choices[0]?.text ?? "";
      return { text: whole.choices[0].text, object: whole.object, streamed };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, status: err.status ?? null, error: err.error ?? { message: String(err) } }));
}
