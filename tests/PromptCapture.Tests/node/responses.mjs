// Drives /v1/responses through the official openai npm package and prints what the client saw, as JSON.
// Usage: node responses.mjs <baseURL> <scenario>
//   create    responses.create, non-streaming            -> {ok, response, outputText}
//   stream    responses.create({stream:true})            -> {ok, types, text, completed}
//   tools     function call, then its output resent      -> {ok, call, final}
//   previous  a second turn by previous_response_id      -> {ok, first, second}
import OpenAI from "openai";

const [baseURL, scenario] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "npm-client-key", maxRetries: 0, timeout: 30000 });
const model = "fake-chat";

async function run() {
  switch (scenario) {
    case "create": {
      const response = await client.responses.create({ model, instructions: "Be brief.", input: "Hello from npm" });
      return { response, outputText: response.output_text };
    }
    case "stream": {
      const stream = await client.responses.create({ model, input: "Stream please", stream: true });
      const types = [];
      let text = "";
      let completed = null;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === "response.output_text.delta") text += event.delta;
        if (event.type === "response.completed") completed = event.response;
      }
      return { types, text, completed };
    }
    case "tools": {
      const tools = [{ type: "function", name: "get_weather", description: "Weather for a city", strict: true,
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } }];
      const input = [{ role: "user", content: "Weather in Paris?" }];
      const first = await client.responses.create({ model, input, tools });
      const call = first.output.find((item) => item.type === "function_call");
      const final = await client.responses.create({
        model, tools,
        input: [...input, ...first.output, { type: "function_call_output", call_id: call.call_id, output: "sunny" }],
      });
      return { call, final: final.output_text };
    }
    case "previous": {
      const first = await client.responses.create({ model, input: "Name a pelican" });
      const second = await client.responses.create({ model, input: "And a walrus", previous_response_id: first.id });
      return { first: first.id, second: second.output_text, previous: second.previous_response_id };
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
