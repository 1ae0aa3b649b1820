import { storeToRefs } from 'pinia';
import { computed, onMounted, ref } from 'vue';
import { MAX_IMPORT_BYTES } from '@xiaoyuan/domain';
import { isFinished, progressPercent, useJobPolling, type PolledJob } from '@/composables/use-job-polling';
import { usePagedList } from '@/composables/use-paged-list';
import { nodeOfType } from '@/graphql/connection';
import type {
  ImportFieldsFragment as ImportNode,
  ImportKind,
  ImportReportFieldsFragment as ImportReport,
  UserErrorFieldsFragment as UserError,
} from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { ImportReportDocument, ImportsDocument, JobDocument, StartImportDocument } from '@/graphql/imports.documents';
import { currentLocale, i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { downloadWithToken, importFormatOf, readFileAsBase64 } from '@/utils/files';
import { showRequestError } from '@/utils/request-error-message';

/** The import page: template download, upload, progress, then the report of bad rows. */
export function useImportPage() {
  const session = useSessionStore();
  const { permissions } = storeToRefs(session);
  const t = i18n.global.t;
  const kind = ref<ImportKind>('HOUSEHOLDS');
  const file = ref<File | null>(null);
  const fileError = ref<string | null>(null);
  const uploadErrors = ref<string[]>([]);
  const uploading = ref(false);
  const report = ref<ImportReport | null>(null);
  const downloading = ref<'csv' | 'xlsx' | null>(null);

  const history = usePagedList<ImportNode>(
    async (page) => (await useGraphql().query(ImportsDocument, page)).imports,
    10,
  );

  async function loadReport(importId: string): Promise<void> {
    try {
      const { node } = await useGraphql().query(ImportReportDocument, { id: importId });
      const found = nodeOfType(node, 'Import');
      if (found) report.value = found;
    } catch (error) {
      showRequestError(error);
    }
  }

  const importId = ref<string | null>(null);
  const polling = useJobPolling(
    async (jobId) => {
      const { job } = await useGraphql().query(JobDocument, { id: jobId });
      // A job the queue has let go of is over: the import row holds the outcome.
      return job ?? { id: jobId, state: 'COMPLETED', progress: 100, failedReason: null };
    },
    {
      intervalMs: 1000,
      onFinished: () => {
        if (importId.value) void loadReport(importId.value);
        void history.reload();
      },
      onError: showRequestError,
    },
  );
  const job = polling.job;
  const percent = computed(() => progressPercent(job.value));
  const running = computed(() => polling.polling.value || uploading.value);

  function chooseFile(chosen: File | null): void {
    fileError.value = null;
    file.value = chosen;
    if (!chosen) return;
    if (!importFormatOf(chosen.name)) fileError.value = t('imports.badExtension');
    else if (chosen.size === 0) fileError.value = t('imports.emptyFile');
    else if (chosen.size > MAX_IMPORT_BYTES) fileError.value = t('imports.tooLarge');
  }

  /** Uploads the chosen file and follows its job. */
  async function start(): Promise<boolean> {
    uploadErrors.value = [];
    if (!file.value) {
      fileError.value = t('imports.chooseFileFirst');
      return false;
    }
    if (fileError.value) return false;
    uploading.value = true;
    report.value = null;
    try {
      const contentBase64 = await readFileAsBase64(file.value);
      const { startImport } = await useGraphql().mutate(StartImportDocument, {
        input: { kind: kind.value, filename: file.value.name, contentBase64 },
      });
      if (startImport.userErrors.length > 0 || !startImport.import) {
        uploadErrors.value = startImport.userErrors.map((error: UserError) => error.message);
        return false;
      }
      importId.value = startImport.import.id;
      report.value = null;
      const started = startImport.job;
      if (started) polling.start(started.id, isFinished(started.state) ? (started as PolledJob) : null);
      else await loadReport(startImport.import.id);
      return true;
    } catch (error) {
      showRequestError(error);
      return false;
    } finally {
      uploading.value = false;
    }
  }

  /** Downloads the template of the chosen kind with the session's token (the link needs it). */
  async function downloadTemplate(extension: 'csv' | 'xlsx'): Promise<void> {
    downloading.value = extension;
    try {
      const file = `${kind.value.toLowerCase()}.${extension}`;
      await downloadWithToken(
        `/imports/templates/${file}`,
        session.token,
        currentLocale(),
        `${kind.value.toLowerCase()}-template.${extension}`,
      );
    } catch (error) {
      showRequestError(error);
    } finally {
      downloading.value = null;
    }
  }

  onMounted(history.load);

  return {
    permissions,
    kind,
    file,
    fileError,
    uploadErrors,
    uploading,
    running,
    job,
    percent,
    report,
    downloading,
    history,
    chooseFile,
    start,
    downloadTemplate,
    showReport: (row: ImportNode) => {
      importId.value = row.id;
      return loadReport(row.id);
    },
  };
}
