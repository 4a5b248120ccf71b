// The shop's tag taxonomy (tags.yaml) as YAML, saved with the version it was loaded at; the
// server checks it and answers its problems, which are shown at their lines.
import { Alert, Button, Card, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { TagsDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { refusedLines, type RefusedLines } from '../flows/problems.js';
import { useStrings } from '../i18n.js';
import YamlEditor from '../yaml/YamlEditor.js';
import { VersionStamp } from '../console/VersionStamp.js';

export function TagsEditor() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [loaded, setLoaded] = useState<TagsDto | null>(null);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<RefusedLines | null>(null);

  useEffect(() => {
    let current = true;
    api.tags().then(
      (tags) => {
        if (!current) return;
        setLoaded(tags);
        setText(tags.yaml);
      },
      (e: unknown) => current && fail(e),
    );
    return () => {
      current = false;
    };
  }, [api, fail]);

  const save = async () => {
    if (!loaded) return;
    setSaving(true);
    setProblems(null);
    try {
      const r = await saveChecked(
        () => api.tagsPut(text, loaded.version),
        () => api.tags(),
      );
      setLoaded(r.item);
      setText(r.item.yaml);
      if (r.kind === 'conflict') notifyConflict(r.item);
      else void draftStore.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setProblems(refusedLines(e.lines));
      } else fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t.cfg.tagsTitle}
      extra={
        <Space>
          {loaded && <VersionStamp item={loaded} testId="tags-version" />}
          <Button type="primary" loading={saving} disabled={!loaded || text === loaded.yaml} onClick={() => void save()} data-testid="tags-save">
            {t.cm.save}
          </Button>
        </Space>
      }
    >
      <Spin spinning={!loaded}>
        {problems && <Alert type="error" showIcon title={t.cm.problems} description={<ProblemList problems={problems.lines} testId="tags-problems" />} className="editor-note" />}
        <YamlEditor value={text} onChange={setText} problems={problems?.located ?? null} height={360} testId="tags-editor" />
      </Spin>
    </Card>
  );
}
