// Drives /v1/messages through the official @anthropic-ai/sdk npm package and prints what the client saw, as JSON.
// Usage: node messages.mjs <gatewayRoot> <scenario>
//   create  messages.create, non-streaming               -> {ok, message}
//   stream  messages.stream, events and the final message -> {ok, types, text, final}
//   tools   a tool_use answer, then its tool_result resent -> {ok, call, final}
//   count   messages.countTokens                          -> {ok, count}
//   error   an alias the gateway does not know            -> {ok:false, status, error}
import Anthropic from "@anthropic-ai/sdk";

const [baseURL, scenario] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: "npm-anthropic-key", maxRetries: 0, timeout: 30000 });
const model = "fake-chat";

async function run() {
  switch (scenario) {
    case "create": {
      const message = await client.messages.create({ model, max_tokens: 100, system: "Be brief.", messages: [{ role: "user", content: "Hello from npm" }] });
      return { message };
    }
    case "stream": {
      const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: "user", content: "Stream please" }] });
      const types = [];
      let text = "";
      stream.on("streamEvent", (event) => types.push(event.type));
      stream.on("text", (delta) => { text += delta; });
      const final = await stream.finalMessage();
      return { types, text, final };
    }
    case "tools": {
      const tools = [{ name: "get_weather", description: "Weather for a city",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
      const messages = [{ role: "user", content: "Weather in Paris?" }];
      const first = await client.messages.create({ model, max_tokens: 100, tools, messages });
      const call = first.content.find((block) => block.type === "tool_use");
      const final = await client.messages.create({
        model, max_tokens: 100, tools,
        messages: [...messages, { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "sunny" }] }],
      });
      return { call, stop: first.stop_reason, final: final.content[0].text };
    }
    case "count": {
      const count = await client.messages.countTokens({ model, messages: [{ role: "user", content: "How many tokens is this sentence?" }] });
      return { count };
    }
    case "error": {
      await client.messages.create({ model: "no-such-alias", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] });
      return { unexpected: "no error" };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, status: err.status ?? null, name: err.constructor?.name ?? null, error: err.error ?? { message: String(err) } }));
}
