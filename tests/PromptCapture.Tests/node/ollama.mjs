// Drives the gateway's Ollama API through the official ollama npm package and prints what the client saw, as JSON.
// Usage: node ollama.mjs <host> <scenario>
//   list      list() and show()                           -> {ok, names, capabilities}
//   chat      chat({stream:false})                        -> {ok, response}
//   stream    chat({stream:true}) iterated                -> {ok, text, parts, last}
//   generate  generate({stream:false}) and streamed       -> {ok, whole, streamed, last}
//   embed     embed({input:[...]})                        -> {ok, response}
//   tools     a tool call, then the tool's answer sent back -> {ok, call, final}
import { Ollama } from "ollama";

const [host, scenario] = process.argv.slice(2);
const ollama = new Ollama({ host });
const model = "fake-chat:latest";

async function run() {
  switch (scenario) {
    case "list": {
      const list = await ollama.list();
      const show = await ollama.show({ model });
      return { names: list.models.map((m) => m.name), capabilities: show.capabilities };
    }
    case "chat": {
      const response = await ollama.chat({ model, stream: false, messages: [{ role: "user", content: "Hello from ollama-js" }], options: { temperature: 0.1 } });
      return { response };
    }
    case "stream": {
      const stream = await ollama.chat({ model, stream: true, messages: [{ role: "user", content: "Stream please" }] });
      let text = "";
      let parts = 0;
      let last = null;
      for await (const part of stream) {
        parts++;
        text += part.message.content;
        last = part;
      }
      return { text, parts, last };
    }
    case "generate": {
      const whole = await ollama.generate({ model, prompt: "Once upon a time", stream: false });
      const stream = await ollama.generate({ model, prompt: "Again", stream: true });
      let streamed = "";
      let last = null;
      for await (const part of stream) {
        streamed += part.response;
        last = part;
      }
      return { whole, streamed, last };
    }
    case "embed": {
      const response = await ollama.embed({ model, input: ["first text", "second"] });
      return { response };
    }
    case "tools": {
      const tools = [{ type: "function", function: { name: "get_weather", description: "Weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
      const messages = [{ role: "user", content: "Weather in Paris?" }];
      const first = await ollama.chat({ model, messages, tools, stream: false });
      const call = first.message.tool_calls[0];
      messages.push(first.message, { role: "tool", content: "sunny", tool_name: call.function.name });
      const final = await ollama.chat({ model, messages, tools, stream: false });
      return { call, final: final.message.content };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, status: err.status_code ?? err.status ?? null, error: { message: String(err?.error ?? err) } }));
}
