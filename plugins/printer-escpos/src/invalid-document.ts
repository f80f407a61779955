import { PLUGIN_ERROR_CODES, PluginError } from '@tillpoint/plugin-sdk';

// A document whose figures do not add up is a bug upstream: the layout refuses it and the printer
// plugin reports it as document.invalid with every problem, never printing a wrong paper.

interface InvalidDocument extends Error {
  readonly problems: readonly unknown[];
}

/** The layout's blocks, or the layout's refusal as PluginError document.invalid. */
export function layoutOrRefuse<Blocks>(
  layout: () => Blocks,
  isInvalid: (error: unknown) => error is InvalidDocument,
): Blocks {
  try {
    return layout();
  } catch (error) {
    if (!isInvalid(error)) throw error;
    throw new PluginError(PLUGIN_ERROR_CODES.invalidDocument, error.message, {
      details: { problems: error.problems },
      cause: error,
    });
  }
}
