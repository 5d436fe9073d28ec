package dev.unbindlab.kernel;

/** What a build tells its user as it goes: the CLI draws a progress bar from it, tests log it. */
public interface BuildListener {

    /**
     * A new step of {@code variant}'s build begins.
     *
     * @param expectedLines how many output lines the step will probably print (from the last
     *                      build of the same kind), or -1 if unknown
     */
    void step(KernelVariant variant, String step, long expectedLines);

    /** One line of the current step's output (also in the kernel's build.log). */
    void output(String line);

    /** The kernel is ready; {@code fromCache} when nothing had to be built. */
    void finished(BuiltKernel kernel, boolean fromCache);

    BuildListener QUIET = new BuildListener() {
        @Override
        public void step(KernelVariant variant, String step, long expectedLines) {
        }

        @Override
        public void output(String line) {
        }

        @Override
        public void finished(BuiltKernel kernel, boolean fromCache) {
        }
    };
}
