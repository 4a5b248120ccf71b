// Importing a knowledge base or catalog file (CSV or xlsx): a dry run first shows what would change
// and every problem; only a clean preview can be saved, and the save is all rows or none.
import { Alert, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ImportPreview } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { StatusTag } from '../console/StatusTag.js';
import { useStrings } from '../i18n.js';
import { importContentType, uploadFile, type UploadPhase } from './upload.js';

/** What is imported: faq.csv into the knowledge base, or products.csv into the catalog. */
export type ImportKind = 'faq' | 'products';

export default function FaqImport({ open, onClose, onImported, kind = 'faq' }: { open: boolean; onClose: () => void; onImported: () => void; kind?: ImportKind }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadPhase | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<readonly string[]>([]);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setProgress(null);
    setError([]);
  };
  const close = () => {
    reset();
    onClose();
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    const type = importContentType(file.name);
    if (!type) return setError([t.kb.wrongType]);
    setError([]);
    try {
      const r = await uploadFile<ImportPreview>(kind === 'faq' ? api.faqImportUrl(dryRun) : api.productsImportUrl(dryRun), file, type, setProgress);
      setPreview(r);
      if (r.saved) {
        void draftStore.refresh();
        onImported();
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setError(e.lines);
      else fail(e);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  const canSave = preview !== null && !preview.saved && preview.problems.length === 0 && !busy;
  return (
    <Modal
      open={open}
      onCancel={close}
      width={760}
      title={kind === 'faq' ? t.kb.importTitle : t.cat.importTitle}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t.cm.close}</Button>
          <Button disabled={!file || busy || preview?.saved === true} onClick={() => void send(true)} data-testid="import-dry-run">
            {t.kb.dryRun}
          </Button>
          <Button type="primary" disabled={!canSave} onClick={() => void send(false)} data-testid="import-save">
            {t.kb.importSave}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{kind === 'faq' ? t.kb.importHint : t.cat.importHint}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.xlsx"
        maxCount={1}
        disabled={busy}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        beforeUpload={(f) => {
          reset();
          setFile(f);
          // Kept here, sent by the buttons: antd's own upload would post it as multipart.
          return false;
        }}
        onRemove={() => reset()}
      >
        <p data-testid="import-file">{t.kb.pickFile}</p>
      </Upload.Dragger>
      {progress && (
        <div className="import-progress" data-testid="import-progress" data-phase={progress.phase}>
          <Progress percent={progress.phase === 'uploading' ? progress.percent : 100} status="active" />
          <Typography.Text type="secondary">{progress.phase === 'uploading' ? t.kb.uploading : t.kb.processing}</Typography.Text>
        </div>
      )}
      {error.length > 0 && <Alert type="error" showIcon title={t.cm.problems} description={<ProblemList problems={error} />} className="editor-note" />}
      {preview && (
        <div className="import-preview" data-testid="import-preview" data-saved={preview.saved}>
          <Alert
            type={preview.saved ? 'success' : preview.problems.length ? 'error' : 'info'}
            showIcon
            title={preview.saved ? t.kb.imported(preview.rows) : t.kb.previewCounts(preview.rows, preview.added, preview.changed, preview.unchanged)}
            description={preview.problems.length ? <ProblemList problems={preview.problems} testId="import-problems" /> : undefined}
          />
          {preview.problems.length > 0 && <Typography.Text type="danger">{t.kb.importProblems(preview.problems.length)}</Typography.Text>}
          <Typography.Title level={5}>{t.kb.previewSample}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={preview.sample}
            columns={[
              { title: t.kb.colId, dataIndex: 'id', width: 120 },
              { title: kind === 'faq' ? t.kb.colQuestion : t.cat.colName, dataIndex: 'question' },
              { title: kind === 'faq' ? t.kb.fieldAnswer : t.cat.colSkus, dataIndex: 'answer', ellipsis: true },
              { title: t.cm.colStatus, dataIndex: 'status', width: 90, render: (s: ImportPreview['sample'][number]['status']) => <StatusTag status={s} /> },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
