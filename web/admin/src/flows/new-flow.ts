// The starting text of a new flow: the smallest valid flow (one reply, then the end), in the
// shape of the shop's own flow files, so the editor opens on something that checks and draws.

export const FLOW_ID = /^[a-z][a-z0-9_]{0,63}$/;

export function newFlowYaml(id: string): string {
  return `id: ${id}
name: { zh: 新流程, en: New flow }
triggers:
  - intent: ${id}
steps:
  - id: hello
    say: hello
  - id: done
    end: done
templates:
  hello: 您好，请问有什么可以帮您？
`;
}
