const IDLE = "idle", RUNNING = "running", DONE = "done";
const machine = {
  state: IDLE,
  history: [],
  transitions: {
    [IDLE]: { start: RUNNING },
    [RUNNING]: { pause: IDLE, finish: DONE },
    [DONE]: {},
  },
  send(event) {
    const next = this.transitions[this.state]?.[event];
    this.history.push(`${this.state} --${event}--> ${next ?? "(ignored)"}`);
    if (next) this.state = next;
    return this;
  },
};
machine.send("finish").send("start").send("pause").send("start").send("finish").send("start");
console.log(machine.state);
for (const line of machine.history) console.log(line);
