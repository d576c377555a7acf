import { runSimulation, SimulationOptions } from '../simulators/runner';

/**
 * The load generator of bench/scale.ts, in its own process so that its CPU is measured apart from
 * the servers'. Enrolls the fleet and checks each device in once (untimed warm-up), tells the parent
 * `warm`, waits for `go`, runs the timed check-ins and sends the summary back.
 *
 * argv: servers (comma-separated), enrollment token, devices, check-ins, concurrency, state file.
 */
async function main(): Promise<void> {
  const [servers, enrollmentToken, devices, checkIns, concurrency, stateFile] =
    process.argv.slice(2);
  const options: SimulationOptions = {
    servers: servers.split(','),
    enrollmentToken,
    devices: Number(devices),
    // One seed for every configuration: the same devices send the same bodies in the same order.
    fleet: { seed: 2024 },
    concurrency: Number(concurrency),
    stateFile,
  };
  const warm = await runSimulation({ ...options, checkIns: 1 });
  process.send!({ kind: 'warm', summary: warm.summary });
  await new Promise<void>((resolve) =>
    process.on('message', (message) => message === 'go' && resolve()),
  );
  const timed = await runSimulation({ ...options, checkIns: Number(checkIns) });
  process.send!({ kind: 'done', summary: timed.summary });
  process.disconnect();
}

main().catch((error: Error) => {
  console.error(`load generator: ${error.message}`);
  process.exit(1);
});
