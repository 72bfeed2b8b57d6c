import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Table, Tabs, Tag, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory } from '../../api/endpoints';
import type { GroupRule, Unit, UnitGroup } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { GroupForm } from './GroupForm';
import { UnitForm } from './UnitForm';

const t = zh.units;

/** The unit directory: units (add, change, abolish) and the groups plans name (add, change); import and export. */
export function UnitsPanel() {
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(directory.get, 'units');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [editingGroup, setEditingGroup] = useState<UnitGroup | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const names = useMemo(() => new Map((data?.units ?? []).map((u) => [u.id, u.name])), [data]);
  const units = useMemo(() => {
    const s = q.trim();
    const all = data?.units ?? [];
    return s ? all.filter((u) => u.name.includes(s) || u.id.includes(s) || u.aliases.some((a) => a.includes(s))) : all;
  }, [data, q]);
  const groups = useMemo(() => {
    const s = q.trim();
    const all = data?.groups ?? [];
    return s ? all.filter((g) => g.name.includes(s) || g.aliases.some((a) => a.includes(s))) : all;
  }, [data, q]);
  if (error) return <LoadError error={error} onRetry={reload} />;

  const importFile = async (file: File) => {
    setImporting(true);
    try {
      const r = await directory.importFile(file);
      message.success(t.importDone(r.units, r.groups));
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setImporting(false);
    }
  };

  const rule = (r: GroupRule): string => {
    switch (r.type) {
      case 'children':
        return t.rules.children(names.get(r.parentId) ?? r.parentId);
      case 'level':
        return t.rules.level(names.get(r.jurisdictionId) ?? r.jurisdictionId, t.levels[r.level]);
      case 'members':
        return t.rules.members(r.memberIds.length);
      case 'choose':
        return t.rules.choose;
    }
  };

  return (
    <div data-testid="units-panel">
      <div className="tz-toolbar">
        <Input.Search allowClear placeholder={t.search} onSearch={setQ} style={{ maxWidth: 320 }} />
        <Space wrap>
          <Button type="primary" onClick={() => setEditing('new')}>
            {t.add}
          </Button>
          <Button onClick={() => setEditingGroup('new')} data-testid="add-group">
            {t.addGroup}
          </Button>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void importFile(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={importing}>
              {t.import}
            </Button>
          </Upload>
          <a href={directory.exportUrl('xlsx')} download>
            <Button icon={<DownloadOutlined />}>{t.exportXlsx}</Button>
          </a>
          <a href={directory.exportUrl('csv')} download>
            <Button icon={<DownloadOutlined />}>{t.exportCsv}</Button>
          </a>
        </Space>
      </div>
      <Tabs
        items={[
          {
            key: 'units',
            label: `${t.tabs.units}${zh.common.paren(String(units.length))}`,
            children: (
              <Table<Unit>
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={units}
                pagination={{ pageSize: 20, showTotal: zh.common.total, showSizeChanger: false }}
                data-testid="units-table"
                columns={[
                  { title: t.columns.name, dataIndex: 'name' },
                  { title: t.columns.id, dataIndex: 'id', width: 220, render: (v: string) => <code>{v}</code> },
                  {
                    title: t.columns.aliases,
                    dataIndex: 'aliases',
                    render: (v: string[]) => v.map((a) => <Tag key={a}>{a}</Tag>),
                  },
                  { title: t.columns.kind, dataIndex: 'kind', width: 90, render: (v: Unit['kind']) => t.kinds[v] },
                  { title: t.columns.level, dataIndex: 'level', width: 70, render: (v: Unit['level']) => t.levels[v] },
                  {
                    title: t.columns.parent,
                    dataIndex: 'parentId',
                    render: (v: string | null) => (v ? (names.get(v) ?? v) : zh.common.dash),
                  },
                  {
                    title: t.columns.active,
                    dataIndex: 'active',
                    width: 80,
                    render: (v: boolean) => (v ? <Tag color="green">{t.active}</Tag> : <Tag>{t.abolished}</Tag>),
                  },
                  {
                    title: zh.common.actions,
                    width: 70,
                    render: (_v, u) => (
                      <Button type="link" size="small" onClick={() => setEditing(u)}>
                        {zh.common.edit}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'groups',
            label: `${t.tabs.groups}${zh.common.paren(String(groups.length))}`,
            children: (
              <Table<UnitGroup>
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={groups}
                pagination={{ pageSize: 20, showTotal: zh.common.total, showSizeChanger: false }}
                data-testid="groups-table"
                columns={[
                  { title: t.columns.name, dataIndex: 'name' },
                  { title: t.columns.rule, dataIndex: 'rule', render: (r: GroupRule) => rule(r) },
                  {
                    title: t.columns.memberCount,
                    width: 90,
                    render: (_v, g) => t.memberCount(data?.memberCounts?.[g.id] ?? null),
                  },
                  {
                    title: t.columns.aliases,
                    dataIndex: 'aliases',
                    render: (v: string[]) => v.map((a) => <Tag key={a}>{a}</Tag>),
                  },
                  {
                    title: zh.common.actions,
                    width: 70,
                    render: (_v, g) => (
                      <Button type="link" size="small" onClick={() => setEditingGroup(g)}>
                        {zh.common.edit}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
      <UnitForm
        open={editing !== null}
        unit={editing === 'new' ? null : editing}
        units={data?.units ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <GroupForm
        open={editingGroup !== null}
        group={editingGroup === 'new' ? null : editingGroup}
        units={data?.units ?? []}
        memberCount={editingGroup && editingGroup !== 'new' ? data?.memberCounts?.[editingGroup.id] : undefined}
        onClose={() => setEditingGroup(null)}
        onSaved={() => {
          setEditingGroup(null);
          reload();
        }}
      />
    </div>
  );
}
