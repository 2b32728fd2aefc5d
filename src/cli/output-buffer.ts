/**
 * Collects output text and hands it to a stream in large chunks, waiting for 'drain' when the
 * stream pushes back. A batch of 10,000 answers would otherwise make 10,000 write calls and, when
 * stdout is a slow pipe, queue all of them in memory.
 */
const CHUNK_CHARS = 64 * 1024;

export class OutputBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** True when enough has accumulated that the caller should `await flush()`. */
  get full(): boolean {
    return this.size >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        // 'close' and 'error' also resolve: a closed pipe (`| head`) must not hang the run.
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.once('drain', done);
        this.stream.once('close', done);
        this.stream.once('error', done);
      });
    }
  }
}
