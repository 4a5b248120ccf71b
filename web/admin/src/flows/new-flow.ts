// The starting text of a new flow: a small valid flow (a reply, then the end) in the shape of the
// shop's own flow files, so the editor opens on something that checks and draws. It starts on a
// keyword rather than an intent: a new flow's intent is not in the shop's intents.yaml yet.

export const FLOW_ID = /^[a-z][a-z0-9_]{0,63}$/;

export function newFlowYaml(id: string): string {
  return `id: ${id}
name: { zh: 新流程, en: New flow }
triggers:
  - keywords: [${id}]
steps:
  - id: hello
    say: hello
  - id: done
    end: done
templates:
  hello: 您好，请问有什么可以帮您？
  done: 好的，还有问题随时找我～
`;
}
